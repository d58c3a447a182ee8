"""The one exception tree of seamguard.

Findings (breaking changes, invalid records, discrepancies, SLO breaches) are values, never
exceptions. Exceptions are for failures to run; each class carries structured context and the
process exit code the CLI maps it to.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_RUNTIME = 3


@dataclass(frozen=True)
class Location:
    """Where in a file a problem is: path, 1-based line and column, and a JSON pointer."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            parts.append(where)
        if self.pointer is not None:
            parts.append(f"at {self.pointer or '/'}")
        return " ".join(parts)


class SeamguardError(Exception):
    """Base of every error seamguard raises on purpose."""

    exit_code: int = EXIT_RUNTIME

    def __init__(self, message: str, *, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location or Location()

    def with_location(self, location: Location) -> SeamguardError:
        """Return a copy of this error placed at ``location``."""
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        Exception.__init__(clone, self.message)
        clone.location = location
        return clone

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message


class UsageError(SeamguardError):
    """The command line asks for something that cannot be done as asked."""

    exit_code = 2


class ConfigError(SeamguardError):
    """The workspace file (seamguard.yaml) is malformed or inconsistent."""

    exit_code = 2


class ContractError(SeamguardError):
    """A contract file cannot be parsed or does not describe a valid contract."""

    exit_code = 2


class SourceError(SeamguardError):
    """A record source cannot be read (missing file, unreadable format)."""

    exit_code = 3


class StoreError(SeamguardError):
    """The state store cannot be opened, migrated, read or written."""

    exit_code = 3


class OutputError(SeamguardError):
    """A report, export or workspace file cannot be written where it was asked for."""

    exit_code = 3


class NotFoundError(SeamguardError):
    """Something named on the command line (a contract, a quarantine record) does not exist."""

    exit_code = 2


class GitError(SeamguardError):
    """git cannot answer: it is not installed, a command failed, or a fetch did not work.

    A ref that does not exist or history a shallow clone lacks is a :class:`UsageError`
    instead: the command line or the CI checkout must change, and the message says how."""

    exit_code = 3
