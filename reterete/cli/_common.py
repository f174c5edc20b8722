"""What every command shares: the typer app, common options, loading, output.

Commands live in one module per topic (``cli/summary.py``, ``cli/antennas.py``
...) and register themselves on :data:`app`. A command parses its options,
calls the public API and hands a JSON-ready payload plus an optional table to
:func:`emit`. Bad input ends with exit code 2 and plain words on stderr (or in
the JSON); anything else with exit code 1 and no traceback.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
import math
import numbers
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ..errors import IngestError, ReteretError
from ..i18n import _, ngettext
from ..outputs import write_csv
from ..payloads import to_jsonable
from . import _help

_help.install()

__all__ = [
    "app", "handle_errors", "load_network", "emit", "write_csv", "to_jsonable", "console",
    "err_console", "FilesArg", "ActorsOpt", "DbOpt", "LayoutOpt", "FromOpt", "ToOpt",
    "SiteOpt", "JsonOpt", "CsvOpt", "XlsxOpt", "WeightedOpt", "AnonymizeOpt", "KeyFileOpt",
    "LangOpt", "resolve_key", "guard_outputs",
    "LargeEventsOpt", "LargeEventSizeOpt", "print_problems",
    "write_problems", "print_table", "read_options", "CompareStartOpt", "CompareEndOpt",
    "PerSiteKOpt", "BootOpt", "SeedOpt", "igraph_without_plotting",
]

def _set_lang(ctx: Any, param: Any, value: str | None) -> str | None:
    """``--lang``: set the language of every message before anything else runs."""
    if value is not None:
        from ..i18n import LANGUAGES, set_language

        if value.strip().lower() not in LANGUAGES:
            raise typer.BadParameter(_("use one of {choices}, not {value}").format(
                choices=", ".join(LANGUAGES), value=repr(value)))
        set_language(value)
    return value


_errors_file: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "reterete_errors_file", default=None)


def _set_errors_file(ctx: Any, param: Any, value: str | None) -> str | None:
    _errors_file.set(Path(value) if value else None)
    return value


#: --timezone and --dayfirst/--monthfirst of the running command
_read_options: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "reterete_read_options", default=None)


def _set_read_option(ctx: Any, param: Any, value: Any) -> Any:
    _read_options.set({**(_read_options.get() or {}), param.name: value})
    return value


def read_options() -> dict[str, Any]:
    """``timezone`` and ``dayfirst`` as the running command was given them
    (``--timezone``, ``--dayfirst/--monthfirst``), for
    :func:`reterete.read_contacts` and the workspace's import. An unknown
    zone is an :class:`~reterete.errors.InputError` (exit 2) here."""
    options = {"timezone": None, "dayfirst": None, **(_read_options.get() or {})}
    if options["timezone"] is not None and not options["timezone"].strip():
        raise ReteretError(_("--timezone is empty: give a time zone such as Europe/Rome, or "
                             "leave the option out to use this machine's zone"))
    if options["timezone"] is not None:
        from ..ingest.dates import timezone_of

        timezone_of(options["timezone"])
    if options.pop("kinds_from_registry", None):
        from ..ingest.actors import KINDS_FROM_REGISTRY

        KINDS_FROM_REGISTRY.set(True)
    origin = options.pop("time_origin", None)
    if origin is not None:
        # --time-origin holds for this run's reading (every reader, chunked too)
        from ..ingest.dates import _TIME_ORIGIN, parse_time_origin

        _TIME_ORIGIN.set(parse_time_origin(origin))
    return options


#: --freq in the reader's words too (the English keys are what JSON says)
PERIOD_WORDS = {"ora": "hour", "giorno": "day", "settimana": "week", "mese": "month",
                "trimestre": "quarter"}


def period_option(ctx: Any, param: Any, value: str | None) -> str | None:
    """``--freq``: ``hour|day|week|month|quarter`` or ``ora|giorno|settimana|mese|trimestre``,
    given back as the English key (an unknown value is refused by the command, in
    plain words and in ``--json``)."""
    if value is None:
        return None
    word = value.strip().lower()
    return PERIOD_WORDS.get(word, value)


def _show_version(ctx: Any, param: Any, value: bool) -> bool:
    if value:
        from .. import __version__

        typer.echo(f"reterete {__version__}")
        raise typer.Exit(0)
    return value


_LANG_HELP = "Language of messages, tables and pages: en or it (default: RETERETE_LANG, " \
             "else the system locale, else English)."
_ERRORS_HELP = "Write every error and warning of the input to this CSV file."
_TIMEZONE_HELP = "Time zone (IANA name, e.g. Europe/Rome) of Unix times in a timestamp " \
                 "column; default: this machine's zone."
_TIME_ORIGIN_HELP = "Date and time the logs' times count seconds from (sensor logs' t, e.g. " \
                    "2013-12-02T08:00), instead of Unix times."
_KINDS_HELP = "Every kind of actor the registry uses is one of its own (e.g. NUR, PAT, MED, " \
              "ADM): kept as written, without warnings."
_DAYFIRST_HELP = "Read 02/12/2013 as 2 December (--dayfirst, the default, then without the " \
                 "month-first check) or as 12 February (--monthfirst)."


def _common_options(command: Any) -> Any:
    """Give a command the options every command shares: ``--lang`` everywhere,
    ``--errors FILE``, ``--timezone`` and ``--dayfirst/--monthfirst`` where
    contact logs are read (:func:`read_options`). Added in one place, so a new
    command has them without declaring them."""
    if getattr(command, "_reterete_common", False):
        return command
    names = {opt for p in command.params for opt in getattr(p, "opts", ())}
    lang, errors, timezone, dayfirst, origin, kinds = _shared_params()
    if "--lang" not in names:
        command.params.append(lang)
    if any(p.name == "files" for p in command.params):
        for opt, param in (("--errors", errors), ("--timezone", timezone),
                           ("--time-origin", origin), ("--kinds-from-registry", kinds),
                           ("--dayfirst", dayfirst)):
            if opt not in names:
                command.params.append(param)
    command.context_class = _help.Context
    command._reterete_common = True
    return command


@functools.cache
def _shared_params() -> tuple[Any, Any, Any, Any, Any, Any]:
    """The shared options as typer makes them (from a function's signature)."""
    shared = typer.Typer()

    @shared.command()
    def _options(
        lang: Annotated[str | None, typer.Option(
            "--lang", help=_LANG_HELP, callback=_set_lang, is_eager=True)] = None,
        errors: Annotated[Path | None, typer.Option(
            "--errors", help=_ERRORS_HELP, metavar="FILE", callback=_set_errors_file,
            is_eager=True)] = None,
        timezone: Annotated[str | None, typer.Option(
            "--timezone", help=_TIMEZONE_HELP, metavar="ZONE", callback=_set_read_option,
            is_eager=True)] = None,
        dayfirst: Annotated[bool | None, typer.Option(
            "--dayfirst/--monthfirst", help=_DAYFIRST_HELP, callback=_set_read_option,
            is_eager=True, show_default=False)] = None,
        time_origin: Annotated[str | None, typer.Option(
            "--time-origin", help=_TIME_ORIGIN_HELP, metavar="DATETIME",
            callback=_set_read_option, is_eager=True)] = None,
        kinds_from_registry: Annotated[bool, typer.Option(
            "--kinds-from-registry", help=_KINDS_HELP, callback=_set_read_option,
            is_eager=True)] = False,
    ) -> None:
        """Never run: it only shapes the options."""

    params = {p.name: p for p in typer.main.get_command(shared).params}
    for p in params.values():
        p.expose_value = False
    return (params["lang"], params["errors"], params["timezone"], params["dayfirst"],
            params["time_origin"], params["kinds_from_registry"])


class _Group(TyperGroup):
    """The command group: every command gets the shared options, and the
    command line's own words (help, usage, errors) speak the chosen language."""

    context_class = _help.Context

    def main(self, args: Sequence[str] | None = None, *rest: Any,
             standalone_mode: bool = True, **kwargs: Any) -> Any:
        # the language and --errors chosen hold for this run only (tests and
        # the app call commands in one process)
        return contextvars.copy_context().run(self._main, args, *rest,
                                              standalone_mode=standalone_mode, **kwargs)

    def _main(self, args: Sequence[str] | None, *rest: Any, standalone_mode: bool,
              **kwargs: Any) -> Any:
        from typer import _click
        from typer.exceptions import Abort

        argv = sys.argv[1:] if args is None else list(args)
        _help.language_from_args(argv)
        if not standalone_mode:
            return super().main(argv, *rest, standalone_mode=False, **kwargs)
        try:
            code = super().main(argv, *rest, standalone_mode=False, **kwargs)
        except _click.exceptions.ClickException as exc:
            _help.show_error(exc)
            sys.exit(exc.exit_code)
        except Abort:
            _click.echo(_("Aborted!"), file=sys.stderr)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        return None if command is None else _common_options(command)


app = typer.Typer(
    name="reterete",
    help="Stakeholder network analysis for community and social work.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=_Group,
)

@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Show the version and stop.",
                                          callback=_show_version, is_eager=True)] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", help=_LANG_HELP, callback=_set_lang, is_eager=True)] = None,
) -> None:
    """reterete: contact logs in; networks, antennas, evaluations and pages out."""


FilesArg = Annotated[list[Path] | None, typer.Argument(
    help="Contact log files (CSV, XLSX, ODS, Parquet).", show_default=False)]
ActorsOpt = Annotated[Path | None, typer.Option(
    "--actors", help="Actor registry file (name, kind, sector, sites, ...).")]
DbOpt = Annotated[Path | None, typer.Option(
    "--db", help="A reterete workspace (SQLite file) to read instead of files.")]
LayoutOpt = Annotated[str | None, typer.Option(
    "--layout", help="Force the layout: pairwise, attendance or worker.")]
FromOpt = Annotated[str | None, typer.Option(
    "--from", help="Window start: YYYY-MM, YYYY-MM-DD or a date-time YYYY-MM-DDTHH[:MM[:SS]] "
                   "(inclusive).")]
ToOpt = Annotated[str | None, typer.Option(
    "--to", help="Window end: YYYY-MM, YYYY-MM-DD or a date-time YYYY-MM-DDTHH[:MM[:SS]] "
                 "(inclusive at its grain: a month runs to its end, a day to midnight).")]
SiteOpt = Annotated[str | None, typer.Option("--site", help="Only this site.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object, nothing else.")]
CsvOpt = Annotated[Path | None, typer.Option(
    "--csv", help="Also write the table as CSV for spreadsheets.")]
XlsxOpt = Annotated[Path | None, typer.Option(
    "--xlsx", help="Also write the table as an Excel workbook (.xlsx): numbers as numbers, "
                   "dates as dates.")]
WeightedOpt = Annotated[bool, typer.Option(
    "--weighted", help="Use tie strength (distance = 1 / strength for path measures).")]
AnonymizeOpt = Annotated[bool, typer.Option(
    "--anonymize", help="Replace persons' names by stable pseudonyms; leave notes out.")]
KeyFileOpt = Annotated[Path | None, typer.Option(
    "--key-file", help="File holding the secret behind pseudonyms (default: RETERETE_KEY, "
                       "RETERETE_KEY_FILE, the workspace's own key with --db, or "
                       "~/.config/reterete/key, created on first use).")]
LargeEventsOpt = Annotated[str | None, typer.Option(
    "--large-events", help="How to count attendance events with more participants than "
                           "--large-event-size (default 500): keep (every pair), skip (no "
                           "ties) or star (each participant tied to a node for the event). "
                           "Without it such an event is an error.")]
LargeEventSizeOpt = Annotated[int | None, typer.Option(
    "--large-event-size", help="Participants above which an event is large (default 500, "
                               "or RETERETE_LARGE_EVENT_SIZE).")]
#: The comparison windows, antennas per site, resamples and seed of the
#: commands that build the whole evaluation (report, workbook).
CompareStartOpt = Annotated[str | None, typer.Option(
    "--start", help="Start window FROM:TO for the comparison (default: the first period "
                    "at the grain of the data).")]
CompareEndOpt = Annotated[str | None, typer.Option(
    "--end", help="End window FROM:TO for the comparison (default: the last period).")]
PerSiteKOpt = Annotated[int, typer.Option("-k", help="Antennas per site.")]
BootOpt = Annotated[int, typer.Option("--boot", help="Bootstrap resamples.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed.")]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", help=_LANG_HELP, callback=_set_lang, is_eager=True)]


def _consoles():
    from rich.console import Console

    return Console(), Console(stderr=True)


class _LazyConsole:
    """rich is imported on first print, not at start-up."""

    def __init__(self, stderr: bool):
        self._stderr = stderr
        self._console = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False)
        if name == "print":
            return self._print
        return getattr(self._console, name)

    def _print(self, *objects: Any, **kwargs: Any) -> None:
        """``Console.print`` with control characters of text shown escaped
        (a name holding ``\x1b[2J`` would clear the screen)."""
        from ..textsafe import printable

        self.__getattr__("file")  # the console exists
        self._console.print(*(printable(o) if isinstance(o, str) else o for o in objects),
                            **kwargs)


console = _LazyConsole(stderr=False)
err_console = _LazyConsole(stderr=True)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn reterete's errors into exit code 2 and anything else into 1.

    With ``--json`` the errors go into the JSON object on stdout.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        as_json = bool(kwargs.get("json_out"))
        try:
            _refuse_blank(func, kwargs)
            guard_outputs(kwargs)
            from ._progress import progress_bars

            with plain_warnings(), _large_events(kwargs), progress_bars(json_out=as_json):
                return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):  # Abort: the input ended at a question
            raise
        except IngestError as exc:
            _report_ingest(exc, as_json)
            raise typer.Exit(2) from None
        except (ReteretError, FileNotFoundError, IsADirectoryError, NotADirectoryError,
                PermissionError) as exc:
            msg = _plain(exc)
            if as_json:
                _print_json({"ok": False, "error": msg})
            else:
                err_console.print(_("Error: {message}").format(message=msg),
                                  style="bold red", markup=False)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except Exception as exc:  # an internal failure: say so, no traceback
            if os.environ.get("RETERETE_DEBUG"):
                raise
            msg = _("internal error ({error}). Please report it; set RETERETE_DEBUG=1 to see "
                    "the details.").format(error=f"{type(exc).__name__}: {exc}")
            if as_json:
                _print_json({"ok": False, "error": msg})
            else:
                err_console.print(msg, style="bold red", markup=False)
            raise typer.Exit(1) from None

    return wrapper


@contextlib.contextmanager
def plain_warnings():
    """Show the library's warnings as plain sentences on stderr.

    Python would print ``path/to/module.py:117: UserWarning: ...`` and the
    source line; a person reads ``Warning: ...``. stdout (and so ``--json``)
    is never touched.
    """
    import warnings

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        from ..i18n import _

        err_console.print(_("Warning: {message}").format(message=message), markup=False,
                          style="yellow", soft_wrap=True)

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = show
        yield


def _large_events(kwargs: dict[str, Any]):
    """The command's ``--large-events`` choice, in force while it runs."""
    if kwargs.get("large_events") is None and kwargs.get("large_event_size") is None:
        return contextlib.nullcontext()
    from ..ingest.events import large_events

    return large_events(kwargs.get("large_events"), kwargs.get("large_event_size"))


#: Options whose empty value would silently mean "no bound": an empty
#: ``--from ""`` is more likely a script's missing variable than a choice.
_NOT_BLANK = ("start", "end", "compare_start", "compare_end", "site")


def _refuse_blank(func: Callable[..., Any], kwargs: dict[str, Any]) -> None:
    """Refuse a window or site option given as an empty text, naming the option."""
    import inspect

    params = inspect.signature(func).parameters
    for name in _NOT_BLANK:
        value = kwargs.get(name)
        default = params[name].default if name in params else None
        if isinstance(value, str) and not value.strip() and value != default:
            raise ReteretError(_("{option} is empty: give a value (for a window, a date such "
                                 "as 2024-09) or leave the option out").format(
                                     option=_option_of(func, name)))


def _option_of(func: Callable[..., Any], name: str) -> str:
    """The option a command's parameter is given with (``start`` is ``--from``)."""
    import typing

    try:
        hint = typing.get_type_hints(func, include_extras=True).get(name)
        decls = [d for m in getattr(hint, "__metadata__", ()) for d in
                 [*(getattr(m, "param_decls", ()) or ()), getattr(m, "default", None)]
                 if isinstance(d, str) and d.startswith("--")]
        return decls[0] if decls else "--" + name.replace("_", "-")
    except Exception:  # an annotation that does not resolve: its plain name
        return "--" + name.replace("_", "-")


def guard_outputs(kwargs: dict[str, Any]) -> None:
    """Refuse, before any work, an output that names an input or the workspace.

    :func:`handle_errors` calls it with a command's keyword arguments and
    ``--errors FILE``: every path is sorted by
    :data:`reterete.outputs.PATH_OPTIONS` (declared once for all commands; a
    parameter not listed there is guarded as an output) and checked by
    :func:`reterete.outputs.guard_paths`.
    """
    from ..outputs import guard_paths

    guard_paths({**kwargs, "errors": _errors_file.get()})


def _plain(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return _("file not found: {file}").format(file=exc.filename)
    if isinstance(exc, IsADirectoryError):
        return _("{file} is a folder, not a file").format(file=exc.filename)
    if isinstance(exc, NotADirectoryError):
        return _("{path}: a part of this path is a file where a folder is expected").format(
            path=exc.filename)
    if isinstance(exc, PermissionError):
        return _("not allowed to read or write {file}").format(file=exc.filename)
    return str(exc)


def _report_ingest(exc: IngestError, as_json: bool) -> None:
    write_problems(exc.problems, exc.warnings)
    if as_json:
        _print_json({"ok": False, "errors": [p.to_dict() for p in exc.problems],
                     "warnings": [p.to_dict() for p in exc.warnings]})
        return
    n = len(exc.problems)
    err_console.print(ngettext("{n} problem in the input: nothing was imported",
                               "{n} problems in the input: nothing was imported", n).format(n=n),
                      style="bold red", markup=False)
    print_problems(exc.problems, stderr=True)


def print_problems(problems, *, stderr: bool = False) -> None:
    """Problems as a person reads them: grouped, at most 50 lines, then where the
    rest are (``--json``, ``--errors FILE``)."""
    from ..errors import problem_lines

    out = err_console if stderr else console
    for line in problem_lines(problems):
        out.print(f"  {line}", markup=False, soft_wrap=True)


def write_problems(errors, warnings=()) -> Path | None:
    """Write every error and warning to the ``--errors FILE`` CSV, if one was asked
    for: one row each (``level``, ``file``, ``row``, ``column``, ``value``,
    ``reason``), formula-safe, reasons in the language in force."""
    path = _errors_file.get()
    if path is None:
        return None
    import pandas as pd

    records = [{"level": "error", **p.to_dict()} for p in errors]
    records += [{"level": "warning", **p.to_dict()} for p in warnings]
    table = pd.DataFrame.from_records(
        records, columns=["level", "file", "row", "column", "value", "reason"])
    table["row"] = table["row"].astype("Int64")
    return write_csv(table, path)


def resolve_key(db: Path | None = None, key_file: Path | None = None) -> bytes:
    """The secret behind pseudonyms: the user's own (``RETERETE_KEY``, ``--key-file``,
    ``RETERETE_KEY_FILE``) first, else the workspace's, else the user's key file."""
    if db is not None:
        from ..store import Workspace

        return Workspace(db).key(key_file, on_create=_key_created)
    from ..privacy import load_key

    return load_key(key_file, on_create=_key_created)


def _key_created(path: Path) -> None:
    """Say once, on stderr (never in --json's stdout), where a new key was made."""
    from ..i18n import _

    err_console.print(_(
        "A new secret key for pseudonyms was created in {path}. Keep it, and keep it "
        "private: the same key gives the same pseudonyms next time, and whoever has it can "
        "check a guessed name against a pseudonym.").format(path=path),
        markup=False, soft_wrap=True)


def igraph_without_plotting() -> None:
    """Import igraph for a command that lays a network out, without its plotting.

    ``import igraph`` imports ``matplotlib.pyplot`` when matplotlib is
    installed, for ``igraph.plot``, which no command uses: 0.45 s of CPU, a
    fifth of ``reterete report`` on the 327-actor school week, against
    0.07 s for igraph alone. A command that will need igraph's layout calls
    this first: matplotlib is hidden from that one import (igraph then keeps
    its plotting switched off in this process) and imports as usual after
    it. Nothing happens when igraph or matplotlib is already loaded. Only
    commands call this, never the library: a program using reterete keeps
    igraph as its author imports it.

    Examples
    --------
    >>> igraph_without_plotting()
    >>> import igraph, matplotlib   # both import as usual afterwards
    """
    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        return
    sys.modules["matplotlib"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import igraph  # noqa: F401
    except ImportError:
        pass   # igraph's own absence is reported where it is used
    finally:
        del sys.modules["matplotlib"]


def load_network(files: Sequence[Path] | None, actors: Path | None = None,
                 db: Path | None = None, layout: str | None = None, *,
                 anonymize: bool = False, key_file: Path | None = None):
    """The Network a command works on: from files, or from a workspace.

    With ``anonymize`` persons' names are replaced by stable pseudonyms and
    notes dropped before anything else sees the network.
    """
    net = _load(files, actors, db, layout)
    if anonymize:
        from ..privacy import anonymize_network

        net = anonymize_network(net, resolve_key(db, key_file))
    return net



def empty_window_lines(net, start: object = None, end: object = None) -> list[str]:
    """A sentence when a ``--from``/``--to`` window holds no contact of the logs
    (entirely after or before them, or in a gap), naming the logs' own span;
    nothing otherwise (issue 20: a window after the data gave 0 actors and
    said nothing)."""
    if (start is None and end is None) or net.interactions.empty:
        return []
    if not net.window(start, end).empty:
        return []
    from ..i18n import _

    first, last = (d.date().isoformat() for d in net.period)
    if start is not None and end is not None:
        text = _("No contact falls between {start} and {end}: the logs run from {first} "
                 "to {last}.")
    elif start is not None:
        text = _("No contact falls on or after {start}: the logs run from {first} to "
                 "{last}.")
    else:
        text = _("No contact falls on or before {end}: the logs run from {first} to "
                 "{last}.")
    return [text.format(start=start, end=end, first=first, last=last)]

def shown_as(net, *, anonymize: bool, db: Path | None = None, key_file: Path | None = None,
             site: str | None = None, actors: Sequence[str] | None = ()
             ) -> tuple[str | None, list[str]]:
    """A site and actors named on the command line, as ``net`` shows them.

    With ``anonymize`` (``net`` from :func:`load_network`), a person's or a
    site's real name, or its pseudonym, both give the pseudonym, so every
    option accepts what the user knows while outputs show only pseudonyms.
    """
    actors = list(actors or ())
    if not anonymize:
        return site, actors
    from ..privacy import prefixes, shown_name

    key = resolve_key(db, key_file)
    ids = net.actors.index
    return (None if site is None else shown_name(site, key, net.site_names,
                                                  prefix=prefixes()["site"]),
            [shown_name(a, key, ids) for a in actors])


def _load(files, actors, db, layout):
    if db is not None:
        if files:
            raise ReteretError(_("give either contact log files or --db, not both"))
        if actors is not None:
            raise ReteretError(_("the workspace keeps its own registry: store this one with "
                                 "`reterete import --actors {actors} --db {db}`, then leave "
                                 "--actors out").format(actors=actors, db=db))
        from ..store import Workspace

        return Workspace(db).network()
    if not files:
        raise ReteretError(_("no contact log given: name one or more files, or --db "
                             "PROJECT.db"))
    from ..ingest import read_contacts
    from ..ingest.chunked import chunked, read_contacts_chunked

    # a CSV log of millions of rows is read a million rows at a time, compacted
    reader = read_contacts_chunked if chunked(files) else read_contacts
    return reader(list(files), actors=actors, layout=layout, **read_options())


def _print_json(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(to_jsonable(payload), ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def emit(payload: dict[str, Any], *, json_out: bool, csv_path: Path | None = None,
         table=None, title: str | None = None, lines: Sequence[str] = (),
         render: Callable[[], None] | None = None, xlsx_path: Path | None = None,
         sheet: str | None = None) -> None:
    """Print a command's result: JSON, or a readable table and lines.

    ``table`` (a DataFrame) is what ``--csv`` and ``--xlsx`` write (the
    workbook's sheet is called ``sheet``) and what the readable output shows
    unless ``render`` draws something better.
    """
    if csv_path is not None and table is not None:
        write_csv(table, csv_path)
    if xlsx_path is not None and table is not None:
        from ..excel import write_xlsx
        from ..i18n import pgettext

        write_xlsx(table, xlsx_path, sheet=sheet or pgettext("sheet", "Table"))
    if json_out:
        _print_json(payload)
        return
    if render is not None:
        render()
    elif table is not None:
        print_table(table, title=title)
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)
    if csv_path is not None and table is not None:
        console.print(_("Table written to {path}").format(path=csv_path), markup=False)
    if xlsx_path is not None and table is not None:
        console.print(_("Workbook written to {path}").format(path=xlsx_path), markup=False)


def print_table(table, *, title: str | None = None, max_rows: int = 60,
                headers: dict[str, str] | None = None, more: str | None = None) -> None:
    """Show a DataFrame as a rich table, numbers as the language writes them.

    ``headers`` picks and names the columns shown (default: every column,
    headed by its name in the language in force). Numbers are never cut:
    their columns are as wide as their widest value; names wrap or are
    shortened with an ellipsis when the terminal is narrow. ``more`` says where
    the rows not shown are (default: ``--csv``).
    """
    import pandas as pd
    from rich.table import Table

    frame = table.reset_index() if not isinstance(table.index, pd.RangeIndex) else table
    if headers is None:
        headers = {c: column_heading(str(c)) for c in frame.columns}
    shown = frame[list(headers)].head(max_rows)
    if title is not None:
        from ..textsafe import printable

        title = printable(title)
    rich_table = Table(title=title, show_lines=False)
    cells = {c: [_cell(v) for v in shown[c]] for c in headers}
    from ..i18n import Figure

    numbers = {c: pd.api.types.is_numeric_dtype(shown[c]) or (
        len(shown) > 0 and all(isinstance(v, Figure) for v in shown[c])) for c in headers}
    for i, (col, header) in enumerate(headers.items()):
        numeric = numbers[col]
        if numeric:
            widest = max([1, *map(len, cells[col])])
            rich_table.add_column(header, justify="right", no_wrap=True, min_width=widest,
                                  overflow="fold")
        else:
            longest = max([1, *map(len, cells[col])])
            rich_table.add_column(header, justify="left", overflow="fold" if i == 0 else
                                  "ellipsis", min_width=min(longest, max(len(header), 8)),
                                  max_width=None if i == 0 else 40)
    for j in range(len(shown)):
        rich_table.add_row(*(cells[c][j] for c in headers))
    needed = sum(max([len(h), *map(len, cells[c])]) if numbers[c]
                 else min(8, max([1, *map(len, cells[c])])) for c, h in headers.items())
    needed += 3 * len(headers) + 1
    if console.width < needed:
        # too narrow for a table whose numbers stay whole: one block per row instead
        if title:
            console.print(title, markup=False)
        for j in range(len(shown)):
            first, *rest = headers
            console.print(cells[first][j], markup=False, soft_wrap=True)
            for c in rest:
                console.print(f"  {headers[c]}: {cells[c][j]}", markup=False, soft_wrap=True)
    else:
        console.print(rich_table)
    if len(frame) > max_rows and more is not None:
        n = len(frame) - max_rows
        console.print(ngettext("... and {n} more row ({where})",
                               "... and {n} more rows ({where})", n).format(n=n, where=more),
                      markup=False)
    elif len(frame) > max_rows:
        n = len(frame) - max_rows
        console.print(ngettext("... and {n} more row (use --csv to get them all)",
                               "... and {n} more rows (use --csv to get them all)", n
                               ).format(n=n), markup=False)


def column_heading(name: str) -> str:
    """A table column's heading in the language in force (JSON and CSV keep the key)."""
    from ..i18n import pgettext

    known = {
        "actor": pgettext("column", "actor"), "id": pgettext("column", "id"),
        "name": pgettext("column", "name"), "kind": pgettext("column", "kind"),
        "sector": pgettext("column", "sector"), "ties": pgettext("column", "ties"),
        "degree": pgettext("column", "degree"), "strength": pgettext("column", "strength"),
        "betweenness": pgettext("column", "betweenness"),
        "closeness": pgettext("column", "closeness"), "harmonic": pgettext("column", "harmonic"),
        "eigenvector": pgettext("column", "eigenvector"),
        "pagerank": pgettext("column", "pagerank"), "figure": pgettext("column", "figure"),
        "value": pgettext("column", "value"), "gain": pgettext("column", "newly reached"),
        "reaches": pgettext("column", "reaches"), "score": pgettext("column", "score"),
        "reasons": pgettext("column", "why"), "site": pgettext("column", "site"),
        "period": pgettext("column", "period"), "start": pgettext("column", "start"),
        "end": pgettext("column", "end"), "delta": pgettext("column", "change"),
        "p_value": pgettext("column", "p"), "cost_hours": pgettext("column", "hours"),
    }
    if name in known:
        return known[name]
    from ..readable import heading

    return heading(name)


def _cell(value: Any) -> str:
    from rich.markup import escape

    from ..i18n import Figure, format_decimal

    if isinstance(value, Figure):
        return escape(str(value))
    if isinstance(value, (bool, getattr(sys.modules.get("numpy"), "bool_", bool))):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return format_decimal(value, 3) if abs(value) < 1000 else format_decimal(value, 0)
    if isinstance(value, numbers.Integral):
        return format_decimal(int(value), 0)
    from ..textsafe import printable

    if isinstance(value, (list, tuple)):
        return escape(printable(", ".join(map(str, value))))
    if value is None:
        return "-"
    return escape(printable(str(value)))
