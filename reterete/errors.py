"""Exceptions and problem records.

Exception tree::

    ReteretError                 every error reterete raises on purpose
     +-- IngestError             a contact log or registry could not be read;
     |                           carries one Problem per bad cell or row
     +-- InputError              a bad argument: unknown site, empty window, ...
     +-- WorkspaceError          the SQLite workspace refused an operation
     +-- OutputError             an output file could not be written (full disk,
                                 read-only folder); the previous file is intact

A reason is written in English in the code as a :class:`reterete.i18n.Message`
(``M_("is not a date")``) and translated when it is shown, so one Problem
reads in Italian or English depending on the language in force at display
time; ``to_dict`` gives it in that language, under the same keys.

Many problems of the same kind (329 registry rows with the unknown kind
'student') read as one line with a count and a few examples:
:func:`group_problems` and :func:`problem_lines` are the one place where that
happens, for every command and page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .i18n import Message, _, format_list, ngettext

__all__ = ["ReteretError", "IngestError", "InputError", "WorkspaceError", "OutputError",
           "Problem", "ProblemGroup", "group_problems", "problem_lines", "SCREEN_LIMIT"]

#: lines of problems shown on screen before "and N more"
SCREEN_LIMIT = 50
#: rows and values named in one grouped line
_EXAMPLES = 3


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
        rows = None if self.row is None else _("row {row}").format(row=self.row)
        values = None if _blank(self.value) else repr(str(self.value))
        return _sentence(self.file, rows, self.column, values, self.reason)

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON-ready values; the reason in the language in force."""
        d = asdict(self)
        v = d["value"]
        if _blank(v):
            d["value"] = None
        elif not isinstance(v, (str, int, float, bool)):
            d["value"] = str(v)
        d["reason"] = str(self.reason)
        return d


@dataclass(frozen=True)
class ProblemGroup:
    """Problems that say the same thing about the same file and column.

    ``problems`` keeps every member in order; ``str()`` is one line naming a
    few rows and values and how many more there are.
    """

    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def first(self) -> Problem:
        return self.problems[0]

    def __len__(self) -> int:
        return len(self.problems)

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return str(self.first)
        p = self.first
        rows = sorted({q.row for q in self.problems if q.row is not None})
        where_rows = None
        if rows:
            where_rows = ngettext("row {rows}", "rows {rows}", len(rows)).format(
                rows=_examples([str(r) for r in rows], "rows"))
        values: list[str] = []
        for q in self.problems:
            if not _blank(q.value) and repr(str(q.value)) not in values:
                values.append(repr(str(q.value)))
        if not values:
            shown = None
        elif len(values) == 1:
            shown = values[0]
        else:
            shown = _examples(values, "values")
        return _sentence(p.file, where_rows, p.column, shown, p.reason,
                         count=len(self.problems) if not rows else None)


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """Problems with the same file, column and reason, grouped in order of first
    appearance (values may differ: the group names a few of them)."""
    groups: dict[tuple[Any, ...], list[Problem]] = {}
    for p in problems:
        key = (p.file, p.column, str.__str__(p.reason) if isinstance(p.reason, Message)
               else str(p.reason))
        groups.setdefault(key, []).append(p)
    return [ProblemGroup(tuple(g)) for g in groups.values()]


def problem_lines(problems: Sequence[Problem], *, limit: int | None = SCREEN_LIMIT,
                  more: str | None = None) -> list[str]:
    """The lines a person reads for ``problems``: grouped, at most ``limit``
    of them, then one line saying how many problems are not shown.

    ``more`` is the end of that last line (where to find them all); by
    default it points to ``--json`` and ``--errors FILE``.
    """
    groups = group_problems(problems)
    shown = groups if limit is None else groups[:limit]
    lines = [str(g) for g in shown]
    hidden = sum(len(g) for g in groups[len(shown):])
    if hidden:
        tail = more if more is not None else _(
            "all of them in --json or --errors FILE (CSV)")
        lines.append(ngettext("... and {n} more problem; {where}",
                              "... and {n} more problems; {where}", hidden).format(
            n=hidden, where=tail))
    return lines


def _examples(items: list[str], what: str) -> str:
    """``3, 5, 9 and 412 more rows`` in the language in force."""
    head = items[:_EXAMPLES]
    rest = len(items) - len(head)
    if rest and what == "rows":
        head = head + [ngettext("{n} more row", "{n} more rows", rest).format(n=rest)]
    elif rest:
        head = head + [ngettext("{n} more value", "{n} more values", rest).format(n=rest)]
    return format_list(head)


def _sentence(file: str, rows: str | None, column: str | None, values: str | None,
              reason: Any, count: int | None = None) -> str:
    where = [file]
    if rows is not None:
        where.append(rows)
    if column is not None:
        where.append(_("column {column}").format(column=repr(column)))
    if count is not None:
        where.append(ngettext("{n} time", "{n} times", count).format(n=count))
    text = ", ".join(where)
    if values is None:
        return _("{where}: {reason}").format(where=text, reason=str(reason))
    return _("{where}: {value} {reason}").format(where=text, value=values, reason=str(reason))


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
        super().__init__(self.problems)

    def __str__(self) -> str:
        n = len(self.problems)
        head = ngettext("{n} problem in the input:", "{n} problems in the input:", n).format(n=n)
        lines = problem_lines(self.problems, limit=20, more=_("all of them in .problems"))
        return "\n".join([head] + [f"  {line}" for line in lines])


class InputError(ReteretError):
    """A bad argument: an unknown site, an empty window, a malformed date."""


class WorkspaceError(ReteretError):
    """The workspace (SQLite file) refused an operation."""


class OutputError(ReteretError):
    """An output file could not be written: a full disk, a read-only folder.

    Raised by :mod:`reterete.outputs` after it removed its temporary file; a
    file that was already at the destination is left as it was.
    """
