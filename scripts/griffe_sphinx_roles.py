"""A griffe extension for the docs site: reterete's docstrings keep Sphinx's
roles (``:func:`summary```, ``:math:`1 - 1/e```), which read well in ``help()``
and in an editor, and this turns them into what mkdocstrings renders.

- ``:func:``, ``:class:``, ``:meth:``, ``:mod:``, ``:data:``, ``:attr:``,
  ``:exc:``, ``:obj:`` become cross-references (an ``optional`` autoref: a link
  where the target is on the site, the name in code where it is not). Names are
  resolved as Sphinx resolves them: the object's own class, its module, then
  the package; ``~`` shows the last part only.
- ``:math:`` becomes inline code and ``.. math::`` a fenced block of TeX (the
  site works offline, so no MathJax).
- ``:sup:`` becomes ``<sup>``.

Used by ``mkdocs.yml`` (``extensions:`` of the python handler); nothing here
runs when reterete is used.
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(func|class|meth|mod|data|attr|exc|obj):`(~?)([^`<]+?)`")
_MATH = re.compile(r":math:`([^`]+)`")
_SUP = re.compile(r":sup:`([^`]+)`")
_MATH_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<first>.*)$")


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in every docstring of the package once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader,
                   **kwargs: Any) -> None:
        known = _paths(pkg)
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = rewrite(obj.docstring.value, obj, known)


def _walk(obj: griffe.Object):
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)


def _paths(pkg: griffe.Module) -> set[str]:
    known = set()
    for obj in _walk(pkg):
        known.add(obj.path)
        for name, member in obj.members.items():
            known.add(f"{obj.path}.{name}")  # re-exported names (aliases) too
            del member
    return known


def _resolve(target: str, obj: griffe.Object, known: set[str]) -> str:
    target = target.strip().rstrip("()")
    scopes = []
    here = obj
    while here is not None:
        scopes.append(here.path)
        here = here.parent
    for scope in scopes:
        candidate = f"{scope}.{target}"
        if candidate in known:
            return candidate
    return target


def rewrite(text: str, obj: griffe.Object, known: set[str]) -> str:
    """``text`` with its Sphinx roles in the Markdown mkdocstrings renders."""

    def role(match: re.Match) -> str:
        short, target = match.group(2) == "~", match.group(3)
        path = _resolve(target, obj, known)
        shown = target.strip().split(".")[-1] if short else target.strip()
        return (f'<code><autoref identifier="{html.escape(path)}" optional>'
                f"{html.escape(shown)}</autoref></code>")

    text = _ROLE.sub(role, text)
    text = _MATH.sub(lambda m: f"`{m.group(1)}`", text)
    text = _SUP.sub(lambda m: f"<sup>{html.escape(m.group(1))}</sup>", text)
    return _math_blocks(text)


def _math_blocks(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _MATH_BLOCK.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent = match.group("indent")
        body = [match.group("first").strip()] if match.group("first").strip() else []
        i += 1
        while i < len(lines) and (not lines[i].strip()
                                  or len(lines[i]) - len(lines[i].lstrip()) > len(indent)):
            body.append(lines[i].strip())
            i += 1
        while body and not body[-1]:
            body.pop()
        out.extend([f"{indent}```tex", *(f"{indent}{line}" for line in body),
                    f"{indent}```", ""])
    return "\n".join(out)
