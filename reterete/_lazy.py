"""Lazy public names for a package: each loads its submodule on first use,
so ``import reterete`` and the CLI start without numpy, networkx or igraph."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, where: dict[str, str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``(__getattr__, __dir__, __all__)`` for a package whose public names
    live in submodules (``where``: name -> submodule).

    Examples
    --------
    >>> getattr_, dir_, all_ = lazy_exports("reterete.viz", {"to_html": "page"})
    >>> getattr_("to_html").__name__, all_
    ('to_html', ['to_html'])
    """
    names = sorted(where)

    def __getattr__(name: str) -> Any:
        try:
            module = where[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        return getattr(import_module(f"{package}.{module}"), name)

    def __dir__() -> list[str]:
        return sorted(set(names) | set(import_module(package).__dict__))

    return __getattr__, __dir__, names
