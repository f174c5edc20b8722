"""The command line's own words in the reader's language: help, usage and errors.

typer writes its help (``Usage:``, ``Options``, ``Show this message and exit.``,
``[default: 3]``) and its usage errors (``No such option: --x``, ``Try 'reterete
check --help' for help.``, ``Error: ...``) in English, with literal strings in
its vendored copy of click. This module puts every one of those words through
reterete's catalogs:

- :class:`Context` makes a :class:`Formatter` that says ``Usage:`` and the
  usage's and options' placeholders (``[OPTIONS]``, ``<int>``, ``FILE``) in the
  language in force, and swaps each command's and option's help for its
  translation while the help is written (the help texts themselves stay the
  English msgids in the code, so ``--help`` in English is unchanged);
- :func:`show_error` writes a usage error as typer would, each of its
  sentences translated (:data:`ERRORS` holds the shapes typer's messages
  take, as catalog messages whose placeholders are read back from the English
  text);
- :func:`language_from_args` reads ``--lang`` from the arguments before typer
  parses them, so an error in parsing or ``--help`` given before ``--lang``
  already speak the chosen language;
- :func:`cli_messages` lists every help text of every command and option,
  for the catalog check (:mod:`reterete._catalog`).

typer's own gettext calls (``Options``, ``Commands``, ``default: {default}``,
``required``, ``Missing command.``, ``No such command {name!r}.``) are pointed
at reterete's catalog by :func:`install`.
"""

from __future__ import annotations

import contextlib
import inspect
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from typer import _click
from typer._click.formatting import HelpFormatter

from ..i18n import (
    N_,
    _,
    format_decimal,
    get_language,
    gettext,
    pgettext,
    resolve_language,
    set_language,
)

__all__ = ["Context", "Formatter", "install", "show_error", "language_from_args",
           "cli_messages", "translated_help", "ERRORS"]


#: typer's own gettext messages (typer.core), listed so the catalog carries them
TYPER_MESSAGES = (
    N_("Arguments"), N_("Options"), N_("Commands"), N_("default: {default}"),
    N_("required"), N_("Missing command."), N_("No such command {name!r}."),
    N_("Aborted!"), N_("(dynamic)"), N_("env var: {var}"),
)


def install() -> None:
    """Point typer's gettext calls at reterete's catalog (once per process)."""
    import typer.core

    if getattr(typer.core, "_reterete_i18n", False):
        return
    typer.core._ = gettext
    typer.core._reterete_i18n = True


#: placeholders of usage lines and option lists, as the language says them
def _metavars() -> dict[str, str]:
    return {
        "[OPTIONS]": pgettext("metavar", "[OPTIONS]"),
        "COMMAND": pgettext("metavar", "COMMAND"),
        "[ARGS]": pgettext("metavar", "[ARGS]"),
        "<str>": pgettext("metavar", "<text>"),
        "<int>": pgettext("metavar", "<whole number>"),
        "<float>": pgettext("metavar", "<number>"),
        "<path>": pgettext("metavar", "<file>"),
        "<list[Path]>": pgettext("metavar", "<files>"),
        "<list[str]>": pgettext("metavar", "<texts>"),
        "FILE": pgettext("metavar", "FILE"),
        "ZONE": pgettext("metavar", "ZONE"),
        "files": pgettext("argument", "files"),
        "name": pgettext("argument", "name"),
        "canonical": pgettext("argument", "canonical"),
    }


_TOKEN = re.compile(r"<list\[\w+\]>|<\w+>|\[OPTIONS\]|\[ARGS\]|\bCOMMAND\b|\bFILE\b|\bZONE\b"
                    r"|(?<=[\[{])(?:files|name|canonical)(?=[\]}])|^(?:files|name|canonical)\b")


def _placeholders(text: str) -> str:
    table = _metavars()
    return _TOKEN.sub(lambda m: table.get(m.group(0), m.group(0)), text)


class Formatter(HelpFormatter):
    """typer's help formatter, with ``Usage:`` and placeholders translated."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _placeholders(args),
                            _("Usage: ") if prefix is None else prefix)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        super().write_dl([(_placeholders(first), second) for first, second in rows],
                         col_max, col_spacing)


class Context(_click.Context):
    """A typer context whose help and usage speak the language in force."""

    formatter_class = Formatter

    def get_help(self) -> str:
        with translated_help(self.command, self):
            return super().get_help()


def _translate(text: str | None) -> str | None:
    if not text:
        return text
    key = inspect.cleandoc(text).partition("\f")[0]
    translated = gettext(key)
    return text if translated == key else translated


@contextlib.contextmanager
def translated_help(command: Any, ctx: Any) -> Iterator[None]:
    """Swap the help of ``command``, its options and its subcommands for their
    translations while the block runs (the English texts are put back after)."""
    saved: list[tuple[Any, str, Any]] = []

    def swap(obj: Any, attr: str) -> None:
        value = getattr(obj, attr, None)
        if value:
            saved.append((obj, attr, value))
            setattr(obj, attr, _translate(value))

    try:
        swap(command, "help")
        swap(command, "short_help")
        for param in command.get_params(ctx):
            swap(param, "help")
            default = getattr(param, "default", None)
            if isinstance(default, float) and get_language() != "en":
                # "[predefinito: 88]" with the language's decimal mark, not "88.0"
                saved.append((param, "default", default))
                param.default = format_decimal(default, 6)
        for sub in getattr(command, "commands", {}).values():
            swap(sub, "help")
            swap(sub, "short_help")
        yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)


# --- errors ---------------------------------------------------------------------------

#: The shapes of typer's error messages, as catalog messages. An English
#: message is matched against each (placeholders read back as text, nested
#: messages translated in turn) and said again in the language in force.
ERRORS = (
    N_("{message}. Did you mean {suggestions}?"),
    N_("{message} (Possible options: {options})"),
    N_("No such option: {name}"),
    N_("No such command {name}."),
    N_("Missing command."),
    N_("Missing argument {name}."),
    N_("Missing option {name}."),
    N_("Missing parameter {name}."),
    N_("Missing argument {name}. {message}"),
    N_("Missing option {name}. {message}"),
    N_("Missing parameter: {name}"),
    N_("Option {name} requires an argument."),
    N_("Option {name} requires {n} arguments."),
    N_("Option {name} does not take a value."),
    N_("Argument {name} takes {n} values."),
    N_("Got unexpected extra argument(s) ({args})"),
    N_("Invalid value for {name}: {message}"),
    N_("Invalid value: {message}"),
    N_("Value {value} is not a valid {kind}."),
    N_("{value} is not one of {choices}."),
    N_("Input should be a valid number, unable to parse string as a number"),
    N_("Input should be a valid integer, unable to parse string as an integer"),
    N_("Input should be a valid integer, got a number with a fractional part"),
    N_("Input should be a valid boolean, unable to interpret input"),
    N_("File {file} does not exist."),
    N_("Path {file} does not exist."),
    N_("Directory {file} does not exist."),
    N_("File {file} is a directory."),
    N_("Path {file} is a directory."),
    N_("Value must be an iterable."),
)
_NESTED = {"message"}


def _pattern(msgid: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)(?:![rsa])?\}", msgid)
    regex = ""
    for i, part in enumerate(parts):
        regex += re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
    return re.compile(regex + r"\Z", re.S)


_PATTERNS: list[tuple[str, re.Pattern[str]]] = []


def translate_error(message: str, depth: int = 0) -> str:
    """An English message of typer's, in the language in force (unchanged when
    it has no known shape, e.g. a message reterete wrote and translated itself)."""
    if not _PATTERNS:
        _PATTERNS.extend((m, _pattern(m)) for m in ERRORS)
    if depth > 3:
        return message
    for msgid, pattern in _PATTERNS:
        match = pattern.match(message)
        if match is None:
            continue
        values = {k: (translate_error(v, depth + 1) if k in _NESTED else
                      _argument_name(v) if k == "name" else v)
                  for k, v in match.groupdict().items()}
        return gettext(msgid).format(**values)
    return message


def _argument_name(hint: str) -> str:
    """``'files'`` -> ``'file'``: an argument's name as the usage line says it."""
    bare = hint.strip("'")
    table = _metavars()
    return f"'{table[bare]}'" if bare in ("files", "name", "canonical") else hint


def show_error(exc: Any, file: Any = None) -> None:
    """Write a typer usage error as typer would, in the language in force."""
    file = sys.stderr if file is None else file
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        _click.echo(f"{ctx.get_usage()}\n{hint}", file=file, color=ctx.color)
    _click.echo(_("Error: {message}").format(message=translate_error(exc.format_message())),
                file=file, color=getattr(exc, "show_color", None))


def language_from_args(args: Sequence[str]) -> None:
    """Set the language named by ``--lang X`` / ``--lang=X`` among ``args``
    (before typer parses them); an unknown value is left to ``--lang``'s own check."""
    args = list(args)
    for i, arg in enumerate(args):
        if arg == "--":
            return
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value is not None and resolve_language(value) == value.strip().lower():
            set_language(value)


def cli_messages() -> dict[str, list[str]]:
    """Every help text of the command line (commands and options) -> where it is."""
    import typer

    from . import app

    group = typer.main.get_command(app)
    found: dict[str, list[str]] = {}

    def add(text: str | None, where: str) -> None:
        if text:
            found.setdefault(inspect.cleandoc(text).partition("\f")[0], []).append(where)

    def walk(command: Any, path: str) -> None:
        ctx = Context(command, info_name=path)
        add(command.help, path)
        for param in command.get_params(ctx):
            add(getattr(param, "help", None), f"{path} {param.name}")
        for name in getattr(command, "list_commands", lambda c: [])(ctx):
            walk(command.get_command(ctx, name), f"{path} {name}")

    walk(group, "reterete")
    return found
