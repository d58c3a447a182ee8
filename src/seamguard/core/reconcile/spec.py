"""What a reconciliation flow compares: frozen specs built by the workspace reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

CARDINALITIES = ("one_to_one", "many_to_one")
COMPARE_AS = ("value", "casefold", "money")


@dataclass(frozen=True)
class CompareField:
    """One field compared between the two sides of a flow.

    ``as_``: ``value`` compares canonically (numbers and decimal strings as exact decimals,
    integers and digit strings alike, other strings exactly); ``casefold`` compares strings
    case-insensitively (``usd`` vs ``USD``); ``money`` compares amounts in major units, turning a
    side flagged ``*_minor_units`` into major units with the exponent of the currency found at
    ``currency`` (a pointer on the from side).
    """

    from_path: str
    to_path: str
    as_: str = "value"
    from_minor_units: bool = False
    to_minor_units: bool = False
    currency: str | None = None

    @property
    def name(self) -> str:
        return (
            self.from_path
            if self.from_path == self.to_path
            else f"{self.from_path}->{self.to_path}"
        )


@dataclass(frozen=True)
class Limit:
    """Sum of ``from_path`` over the from-records of one key must not exceed ``to_path``."""

    from_path: str
    to_path: str
    from_minor_units: bool = False
    to_minor_units: bool = False
    currency: str | None = None


@dataclass(frozen=True)
class FlowSpec:
    """A flow: records of ``from_source`` must arrive in ``to_source`` within ``sla``."""

    name: str
    domain: str
    from_source: str
    to_source: str
    key_from: str
    key_to: str
    compare: tuple[CompareField, ...] = ()
    time_from: str | None = None
    time_to: str | None = None
    sla: timedelta = timedelta(minutes=15)
    missing_after: timedelta = timedelta(hours=24)
    owner: str | None = None
    cardinality: str = "one_to_one"
    limit: Limit | None = None
