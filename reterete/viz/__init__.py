"""Pictures for people: the interactive network page and the evaluation report.

Both are single HTML files that work offline and escape every name. Parts
load on first use, so importing reterete stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "to_html": "page", "page_data": "page", "show": "page", "iframe": "page",
    "report_html": "report", "Report": "report", "build_report": "report",
    "spring_positions": "layout",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'reterete.viz' has no attribute {name!r}") from None
    return getattr(import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
