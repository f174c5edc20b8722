"""reterete: stakeholder network analysis for community and social work.

Contact logs in (CSV, XLSX, ODS, Parquet; Italian or English headers), a
:class:`Network` out, and on it: metrics, antenna plans, start-versus-end
comparisons, interactive pages and evaluation reports.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .errors import IngestError, InputError, Problem, ReteretError, WorkspaceError

__version__ = "0.1.0"

__all__ = [
    "Network", "read_contacts", "read_actors", "metrics", "select_antennas", "recommend",
    "compare", "timeline", "to_html", "read_survey", "survey", "ReteretError", "IngestError",
    "InputError", "WorkspaceError", "Problem", "__version__",
]

# Heavy parts load on first use, so `import reterete` and the CLI start fast.
_LAZY = {
    "Network": ("reterete.network", "Network"),
    "read_contacts": ("reterete.ingest", "read_contacts"),
    "read_actors": ("reterete.ingest", "read_actors"),
    "metrics": ("reterete.metrics", None),
    "select_antennas": ("reterete.metrics.antennas", "select_antennas"),
    "recommend": ("reterete.metrics.recommend", "recommend"),
    "compare": ("reterete.metrics.compare", "compare"),
    "timeline": ("reterete.metrics.temporal", "timeline"),
    "to_html": ("reterete.viz", "to_html"),
    "read_survey": ("reterete.survey", "read_survey"),
    "survey": ("reterete.survey", None),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'reterete' has no attribute {name!r}") from None
    mod = import_module(module)
    return mod if attr is None else getattr(mod, attr)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
