"""Pictures for people: the interactive network page and the evaluation report.

Both are single HTML files that work offline and escape every name. Parts
load on first use, so importing reterete stays cheap.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_WHERE = {
    "to_html": "page", "page_data": "page", "show": "page", "iframe": "page",
    "report_html": "report", "Report": "report", "build_report": "report",
    "spring_positions": "layout",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _WHERE)
