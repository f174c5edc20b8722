"""Exceptions and problem records.

Exception tree::

    ReteretError                 every error reterete raises on purpose
     +-- IngestError             a contact log or registry could not be read;
     |                           carries one Problem per bad cell or row
     +-- InputError              a bad argument: unknown site, empty window, ...
     +-- WorkspaceError          the SQLite workspace refused an operation
     +-- OutputError             an output file could not be written (full disk,
                                 read-only folder); the previous file is intact
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["ReteretError", "IngestError", "InputError", "WorkspaceError", "OutputError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a word) in a user's file.

    ``row`` is the row number as the spreadsheet shows it (header = 1), or
    ``None`` when the problem concerns the whole file or a column.
    """

    file: str
    row: int | None
    column: str | None
    value: Any
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = ", ".join(where)
        if _blank(self.value):
            return f"{text}: {self.reason}"
        return f"{text}: {str(self.value)!r} {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        v = d["value"]
        if _blank(v):
            d["value"] = None
        elif not isinstance(v, (str, int, float, bool)):
            d["value"] = str(v)
        return d


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


class ReteretError(Exception):
    """Root of every error reterete raises on purpose."""


class IngestError(ReteretError):
    """A contact log or actor registry could not be read.

    ``problems`` lists every problem found (not only the first); ``warnings``
    lists what was accepted but is worth a word.
    """

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = list(problems)
        self.warnings = list(warnings or [])
        n = len(self.problems)
        head = "\n".join(f"  {p}" for p in self.problems[:20])
        more = f"\n  ... and {n - 20} more" if n > 20 else ""
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the input:\n{head}{more}")


class InputError(ReteretError):
    """A bad argument: an unknown site, an empty window, a malformed date."""


class WorkspaceError(ReteretError):
    """The workspace (SQLite file) refused an operation."""


class OutputError(ReteretError):
    """An output file could not be written: a full disk, a read-only folder.

    Raised by :mod:`reterete.outputs` after it removed its temporary file; a
    file that was already at the destination is left as it was.
    """
