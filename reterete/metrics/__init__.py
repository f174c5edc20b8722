"""Metrics on networkx graphs and Networks: pure functions keyed by actor.

Submodules load on first use (``rr.metrics.centrality(G)`` imports
``reterete.metrics.centrality`` then), so importing reterete stays cheap.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

from .._lazy import lazy_exports

# public name -> submodule that defines it
_WHERE = {
    # centrality.py
    "centrality": "centrality", "degree": "centrality", "eigenvector": "centrality",
    "prepare_ties": "_engine",
    # structure.py
    "summary": "structure", "summary_of_ties": "structure", "density": "structure",
    "component_roots": "structure",
    "mean_degree": "structure",
    "degree_centralization": "structure", "ei_index": "structure",
    "ei_index_groups": "structure", "components_summary": "structure",
    "assortativity": "structure",
    # communities.py
    "communities": "communities", "Communities": "communities",
    "participation_coefficient": "communities",
    # brokerage.py
    "brokerage": "brokerage",
    # holes.py
    "constraint": "holes", "effective_size": "holes",
    # temporal.py
    "timeline": "temporal", "tie_dynamics": "temporal", "activity": "temporal",
    # coverage.py / keyplayer.py / recommend.py
    "max_coverage": "coverage", "select_antennas": "antennas", "AntennaPlan": "antennas",
    "select_antennas_all": "antennas", "CoveragePlan": "coverage", "coverage_of": "coverage",
    "kpp_reach": "keyplayer", "kpp_fragmentation": "keyplayer",
    "kpp_reach_greedy": "keyplayer", "fragmentation": "keyplayer",
    "recommend": "recommend", "only_links": "recommend",
    # compare.py
    "compare": "compare", "Comparison": "compare", "compare_graphs": "compare",
    "sector_pairs": "compare",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _WHERE)


class _Namespace(ModuleType):
    """Keep ``rr.metrics.centrality`` the function even after its submodule
    ``reterete.metrics.centrality`` is imported (the import system would
    otherwise set the package attribute to the module: same for brokerage,
    compare, recommend)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and _WHERE.get(name) == name \
                and value.__name__ == f"{__name__}.{name}" and hasattr(value, name):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Namespace
