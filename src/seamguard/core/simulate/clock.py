"""Timestamps as each system writes them; no clock is ever read.

Shopify writes local time with the shop's offset (``2026-11-27T06:59:59-05:00``), the
canonical systems RFC 3339 in UTC with ``Z``, Stripe Unix epoch seconds.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from seamguard.core.timeutil import rfc3339

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utc(value: datetime) -> str:
    """RFC 3339 in UTC with ``Z``, second precision."""
    return rfc3339(value.replace(microsecond=0))


def local(value: datetime, tz: timezone) -> str:
    """RFC 3339 in the given fixed offset, second precision (Shopify's spelling)."""
    return value.replace(microsecond=0).astimezone(tz).isoformat()


def epoch(value: datetime) -> int:
    """Unix epoch seconds."""
    return int((value - EPOCH) // timedelta(seconds=1))
