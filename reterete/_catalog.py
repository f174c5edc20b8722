"""The message catalogs as maintainers see them: what the code says, what the
``.po`` files translate, what is missing.

Messages are extracted with Babel's own extraction (the methods and paths of
``babel.cfg`` at the repository root, the keywords of
:data:`reterete.i18n.KEYWORDS`), exactly as ``pybabel extract`` would::

    pybabel extract -F babel.cfg -k M_ -o reterete.pot .

The command line's help texts (each command's docstring, each option's
``help=``) are read from the live command tree and count as messages too.

Run ``python -m reterete._catalog`` to list the messages that have no Italian
translation yet, as ``.po`` entries ready to be filled in and appended to your
section of ``reterete/locale/it/LC_MESSAGES/reterete.po``. Nothing here runs
when reterete is used; the catalog test and maintainers call it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .i18n import DOMAIN, KEYWORDS, LOCALE_DIR

__all__ = ["extract", "read_catalog", "missing", "unused", "placeholders"]

ROOT = Path(__file__).resolve().parent.parent
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}(?!\})")


def extract(root: Path = ROOT) -> dict[str | tuple[str, ...], list[str]]:
    """Every message in reterete's code and templates -> where it is (``file:line``).

    A plural message is the tuple (singular, plural); a message with a
    context is ``(context, "\\x04", message)``.
    """
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    cfg = root / "babel.cfg"
    with cfg.open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(cfg))
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(root), method_map, options_map, keywords=KEYWORDS,
            directory_filter=_wanted_directory):
        if isinstance(message, tuple) and len(message) == 1:
            message = message[0]
        key = (context, "\x04", message) if context else message
        found.setdefault(key, []).append(f"{filename}:{lineno}")
    if root == ROOT:
        # the command line's help texts (docstrings and help= of every command
        # and option) are messages too: --help shows them translated
        from .cli._help import cli_messages

        for text, where in cli_messages().items():
            found.setdefault(text, []).extend(f"--help of {w}" for w in where)
    return found


def read_catalog(lang: str = "it"):
    """The Babel catalog of ``lang`` as read from its ``.po`` file."""
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fh:
        return read_po(fh)


def missing(lang: str = "it", root: Path = ROOT) -> dict[str | tuple[str, ...], list[str]]:
    """Messages of the code with no usable translation in ``lang``'s catalog
    (absent, empty, or marked fuzzy)."""
    catalog = read_catalog(lang)
    out = {}
    for key, where in extract(root).items():
        if isinstance(key, tuple) and len(key) == 3 and key[1] == "\x04":
            entry = catalog.get(key[2], context=key[0])
        else:
            entry = catalog.get(key[0] if isinstance(key, tuple) else key)
        if entry is None or entry.fuzzy or not _translated(entry.string):
            out[key] = where
    return out


def unused(lang: str = "it", root: Path = ROOT, catalog=None) -> list[tuple[str | None, str]]:
    """Entries of ``lang``'s catalog that no code, template or help text uses
    any more, as ``(context, msgid)``: remove them from the ``.po`` file."""
    used: set[tuple[str | None, str]] = set()
    for key in extract(root):
        if isinstance(key, tuple) and len(key) == 3 and key[1] == "\x04":
            used.add((key[0], key[2]))
        else:
            used.add((None, key[0] if isinstance(key, tuple) else key))
    catalog = read_catalog(lang) if catalog is None else catalog
    out = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        if (message.context, msgid) not in used:
            out.append((message.context, msgid))
    return out


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a message (``{{`` and ``}}`` are literal braces)."""
    return set(_PLACEHOLDER.findall(text))


def _translated(string: str | tuple[str, ...]) -> bool:
    if isinstance(string, (tuple, list)):
        return all(s for s in string)
    return bool(string)


def _wanted_directory(dirpath: str) -> bool:
    name = Path(dirpath).name
    return not name.startswith((".", "_")) and name not in ("node_modules", "build", "dist")


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    todo = missing()
    for key, where in todo.items():
        print(f"#: {' '.join(where[:3])}")
        if isinstance(key, tuple) and len(key) == 3 and key[1] == "\x04":
            print(f"msgctxt {_po_string(key[0])}\nmsgid {_po_string(key[2])}\nmsgstr \"\"\n")
        elif isinstance(key, tuple):
            print(f"msgid {_po_string(key[0])}\nmsgid_plural {_po_string(key[1])}\n"
                  'msgstr[0] ""\nmsgstr[1] ""\n')
        else:
            print(f"msgid {_po_string(key)}\nmsgstr \"\"\n")
    print(f"# {len(todo)} message(s) without an Italian translation", file=sys.stderr)
    stale = unused()
    for context, msgid in stale:
        print(f"# unused, remove it: {context + ' | ' if context else ''}{msgid!r}",
              file=sys.stderr)
    return 1 if todo or stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
