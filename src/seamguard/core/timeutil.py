"""Rendering instants for reports (parsing lives in :mod:`seamguard.core.canon`)."""

from __future__ import annotations

from datetime import UTC, datetime


def rfc3339(value: datetime) -> str:
    """UTC, second precision unless there are microseconds, with a Z."""
    value = value.astimezone(UTC)
    text = value.isoformat(timespec="microseconds" if value.microsecond else "seconds")
    return text.replace("+00:00", "Z")
