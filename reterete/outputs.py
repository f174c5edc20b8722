"""Writing output files safely: atomically, and never over an input.

Every file reterete writes (tables, pages, reports, JSON, workbooks, demo
files) goes through this module:

- :func:`write_atomic` / :func:`atomic_path` / :func:`atomic_open` write to a
  temporary file in the destination's own folder, flush and ``fsync`` it, then
  ``os.replace`` it onto the destination. A failure half-way (a full disk, an
  error while rendering, Ctrl-C) removes the temporary file and leaves the
  previous file, if any, exactly as it was: never a truncated output.
- :func:`refuse_overwriting_inputs` is called by a command before any work:
  an output that is one of the inputs (same path, a symlink to it, a hard
  link) or the workspace is refused with both paths named, so
  ``--csv contacts.csv`` can never replace the contact log it reads.
- :data:`PATH_OPTIONS` says, once for every command, what a command does with
  each option that names a file (reads it, writes it, or both) and
  :func:`guard_paths` checks them all before any work; an option it does not
  know is guarded as an output, so a new output option cannot skip the check.
- :func:`check_output_folder` says in plain words that an output's folder
  does not exist (or is a file), rather than "file not found".

Usage::

    from reterete.outputs import write_atomic, atomic_path, refuse_overwriting_inputs

    refuse_overwriting_inputs([csv_out], [*files, actors], workspace=db)
    write_atomic("page.html", html)                 # str is written as UTF-8
    with atomic_path("table.xlsx") as tmp:          # a library that wants a path
        workbook_writer(tmp)
    with atomic_open("table.csv", "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(...)
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import InputError, OutputError

__all__ = [
    "write_atomic", "atomic_path", "atomic_open", "refuse_overwriting_inputs",
    "check_output_folder", "PATH_OPTIONS", "guard_paths", "write_csv",
]

PathLike = str | os.PathLike[str]


def write_atomic(path: PathLike, data: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` all at once or not at all.

    Parameters
    ----------
    path : path-like
        The destination. Its folder must exist.
    data : str or bytes
        Text is encoded with ``encoding`` (UTF-8 by default).
    encoding : str, keyword-only
        Encoding of text data.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    InputError
        When the destination's folder does not exist or is not a folder.
    OutputError
        When the file cannot be written (a full disk, a read-only folder);
        the previous file at ``path`` is then left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "città").read_text(encoding="utf-8")
    'città'
    >>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
    ['a.txt']
    """
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(payload)
    return Path(path)


@contextlib.contextmanager
def atomic_path(path: PathLike) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed onto it when the block ends well.

    The caller (or a library such as XlsxWriter) writes the temporary file by
    its path. When the block raises, the temporary file is removed and
    ``path`` is left untouched. The file keeps the permissions a newly
    created file would get (the user's umask), or those of the file it
    replaces.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> dest = pathlib.Path(tempfile.mkdtemp()) / "b.txt"
    >>> _ = dest.write_text("old")
    >>> try:
    ...     with atomic_path(dest) as tmp:
    ...         _ = tmp.write_text("half of the n")
    ...         raise OSError("No space left on device")
    ... except OSError:
    ...     pass
    >>> dest.read_text(), len(list(dest.parent.iterdir()))
    ('old', 1)
    """
    dest = Path(path)
    if dest.is_symlink():  # write where the link points, as open() would
        dest = Path(os.path.realpath(dest))
    folder = check_output_folder(dest)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        if exc.errno in _DISK_ERRORS:
            raise _output_error(dest, exc) from exc
        raise
    os.close(fd)
    tmp = Path(name)
    try:
        _copy_mode(dest, tmp)
        yield tmp
        _fsync(tmp)
        os.replace(tmp, dest)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        disk = _disk_error(exc)
        if disk is not None:
            raise _output_error(dest, disk) from exc
        raise
    _fsync_dir(folder)


@contextlib.contextmanager
def atomic_open(path: PathLike, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """``open(path, mode, **kwargs)`` on a temporary file renamed onto ``path`` at the end.

    ``mode`` is a writing mode (``"w"``, ``"wb"``, ``"x"`` is not supported).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> dest = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> with atomic_open(dest, "w", encoding="utf-8") as fh:
    ...     _ = fh.write("a,b\\n")
    >>> dest.read_text(encoding="utf-8")
    'a,b\\n'
    """
    if not mode.startswith("w"):
        raise ValueError(f"atomic_open writes whole files: mode must start with 'w', not {mode!r}")
    with atomic_path(path) as tmp, open(tmp, mode, **kwargs) as fh:
        yield fh


def refuse_overwriting_inputs(outputs: Iterable[PathLike | None],
                              inputs: Iterable[PathLike | None], *,
                              workspace: PathLike | None = None) -> None:
    """Refuse, before any work, an output that would replace an input or the workspace.

    Two paths are the same file when they resolve to the same real path
    (symlinks followed) or, for existing files, when ``os.path.samefile``
    says so (hard links, different spellings of one path). ``None`` entries
    are ignored, so optional options can be passed as they are. The
    workspace's ``-wal``, ``-shm`` and ``-journal`` companions count as the
    workspace.

    Raises
    ------
    InputError
        Naming the output and the input it would replace.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> log = folder / "contatti.csv"
    >>> _ = log.write_text("date,source,target\\n")
    >>> refuse_overwriting_inputs([folder / "out.csv"], [log])  # fine
    >>> refuse_overwriting_inputs([folder / "." / "contatti.csv"], [log])
    Traceback (most recent call last):
    ...
    reterete.errors.InputError: the output .../contatti.csv is the input .../contatti.csv: ...
    """
    from .i18n import _

    outs = [Path(p) for p in outputs if p is not None]
    ins = [Path(p) for p in inputs if p is not None]
    guarded: list[tuple[Path, Path, bool]] = [(p, p, False) for p in ins]
    if workspace is not None:
        ws = Path(workspace)
        guarded.append((ws, ws, True))
        for suffix in ("-wal", "-shm", "-journal"):
            guarded.append((ws.with_name(ws.name + suffix), ws, True))
    for out in outs:
        for candidate, shown, is_ws in guarded:
            if _same_file(out, candidate):
                if is_ws:
                    msg = _("the output {output} is the workspace {workspace}: writing there "
                            "would destroy it. Choose another file name for the output.")
                    raise InputError(msg.format(output=out, workspace=shown))
                msg = _("the output {output} is the input {input}: writing there would "
                        "destroy it. Choose another file name for the output.")
                raise InputError(msg.format(output=out, input=shown))
    seen: dict[str, Path] = {}
    for out in outs:
        key = os.path.realpath(out)
        if key in seen:
            msg = _("two outputs are the same file: {first} and {second}. Choose different "
                    "file names.")
            raise InputError(msg.format(first=seen[key], second=out))
        seen.setdefault(key, out)


#: What a command does with each parameter that names a file, by parameter
#: name, for every command at once: ``"input"`` (read only), ``"workspace"``
#: (the workspace, with its ``-wal``/``-shm``/``-journal``), ``"output"``
#: (written), ``"input output"`` (read, and created when missing: a key
#: file), ``"folder"`` (a folder the command writes new files into). A path
#: parameter missing here is treated as an output by :func:`guard_paths`.
PATH_OPTIONS: dict[str, str] = {
    "files": "input", "actors": "input", "template": "input", "registry": "input",
    "db": "workspace", "key_file": "input output",
    "output": "output", "csv_path": "output", "xlsx_path": "output", "xlsx": "output",
    "out_file": "output", "errors": "output",
    "out": "folder", "certfile": "input", "keyfile": "input", "logs": "input",
    "survey": "input",
}


def guard_paths(values: dict[str, Any], *, extra_outputs: Iterable[PathLike] = ()) -> None:
    """Refuse, before any work, a command's output that names one of its inputs.

    ``values`` maps a command's parameter names to their values (a path, a
    list of paths, or anything else, ignored). Each path is sorted by
    :data:`PATH_OPTIONS`; a path parameter not listed there counts as an
    output (the safe side). Text is a path only for a listed parameter: a
    window such as ``--from 2024-09-15 --to 2024-09-15`` is no file. Every
    output is then checked with :func:`refuse_overwriting_inputs` against
    every input, the workspace and its companions, symlinks and hard links
    followed; ``extra_outputs`` are
    files a command writes besides its options (``NAME-nodes.csv``).

    Raises
    ------
    InputError
        Naming the output and the file it would replace.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> log = folder / "contatti.csv"
    >>> _ = log.write_text("date,source,target\\n")
    >>> guard_paths({"files": [log], "csv_path": folder / "out.csv"})  # fine
    >>> guard_paths({"start": "2024-09-15", "end": "2024-09-15", "host": "127.0.0.1"})
    >>> guard_paths({"files": [log], "errors": log})
    Traceback (most recent call last):
    ...
    reterete.errors.InputError: the output .../contatti.csv is the input .../contatti.csv: ...
    """
    inputs: list[tuple[str, PathLike]] = []
    outputs: list[tuple[str, PathLike]] = [("", p) for p in extra_outputs]
    workspace = None
    for name, value in values.items():
        # A path is what the command line typed as a path (a Path), or the text of a
        # declared path option; other text (a site, a window, an address) is not one.
        declared = name in PATH_OPTIONS
        paths = [v for v in (value if isinstance(value, (list, tuple)) else [value])
                 if isinstance(v, os.PathLike) or (declared and isinstance(v, str))]
        if not paths:
            continue
        role = PATH_OPTIONS.get(name, "output")
        if role == "workspace":
            workspace = paths[0]
        elif role == "folder":
            continue
        else:
            if "input" in role:
                inputs.extend((name, p) for p in paths)
            if "output" in role:
                outputs.extend((name, p) for p in paths)
    if not outputs:
        return
    for name, out in outputs:  # an output that is also read (a key file) is no other's input
        refuse_overwriting_inputs([out], [i for n, i in inputs if n != name],
                                  workspace=workspace)
    refuse_overwriting_inputs([o for _, o in outputs], [], workspace=None)


def check_output_folder(path: PathLike) -> Path:
    """The folder ``path`` is to be written in; an :class:`InputError` when it is missing.

    Also refuses a destination that is a folder itself.
    """
    from .i18n import _

    dest = Path(path)
    folder = dest.parent if str(dest.parent) else Path(".")
    if not folder.exists():
        raise InputError(_("cannot write {output}: the folder {folder} does not exist. "
                           "Create it first or choose another folder.")
                         .format(output=dest, folder=folder))
    if not folder.is_dir():
        raise InputError(_("cannot write {output}: {folder} is a file, not a folder.")
                         .format(output=dest, folder=folder))
    if dest.is_dir():
        raise InputError(_("cannot write {output}: it is a folder, not a file.")
                         .format(output=dest))
    return folder


_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES,
                errno.EPERM}


def _disk_error(exc: BaseException) -> OSError | None:
    """The disk's refusal behind ``exc``, if any: an ``OSError`` (full disk,
    read-only, no permission) raised as it is, or wrapped by a library
    (XlsxWriter's ``FileCreateError`` holds it in its arguments, others chain it)."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if id(item) in seen or not isinstance(item, BaseException):
            continue
        seen.add(id(item))
        if isinstance(item, OSError) and item.errno in _DISK_ERRORS:
            return item
        todo.extend([item.__cause__, item.__context__, *item.args])
    return None


def _output_error(dest: Path, exc: OSError) -> OutputError:
    from .i18n import _

    reasons = {
        errno.ENOSPC: _("the disk is full"),
        errno.EDQUOT: _("the disk quota is used up"),
        errno.EFBIG: _("the file would be larger than the system allows"),
        errno.EROFS: _("the disk is read-only"),
        errno.EACCES: _("writing in that folder is not allowed"),
        errno.EPERM: _("writing in that folder is not allowed"),
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    if dest.exists():
        msg = _("could not write {output}: {reason}. The previous file is unchanged and no "
                "partial file was left.")
    else:
        msg = _("could not write {output}: {reason}. No partial file was left.")
    return OutputError(msg.format(output=dest, reason=reason))


def _same_file(a: Path, b: Path) -> bool:
    try:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
    except (OSError, RuntimeError, ValueError):  # a symlink loop: compare as given
        if os.path.abspath(a) == os.path.abspath(b):
            return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _copy_mode(dest: Path, tmp: Path) -> None:
    try:
        mode = dest.stat().st_mode & 0o7777
    except OSError:  # a new file: what open() would give under the umask
        mode = 0o666 & ~_umask()
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


_UMASK: list[int] = []


def _umask() -> int:
    if not _UMASK:  # read once: os.umask sets it too, which threads must not race
        umask = os.umask(0o022)
        os.umask(umask)
        _UMASK.append(umask)
    return _UMASK[0]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def write_csv(table, path: Path) -> Path:
    """Write a table for spreadsheets: UTF-8 with BOM (Excel reads accents
    right), and cells that start with ``= + - @`` (or tab / CR) neutralised
    so a spreadsheet never runs them as formulas.

    In Italian (any language but English) the file is written as Italian
    Excel opens it: headings and coded values in words
    (:func:`reterete.readable.readable`), ``;`` between cells, numbers
    rounded as on screen with a decimal comma, dates day first
    (:func:`reterete.readable.cell_text`). In English it is as it always was.
    """
    import pandas as pd

    from .readable import (
        CSV_SEPARATOR,
        cell_text,
        column_text,
        is_readable_language,
        readable,
    )

    frame = table.reset_index() if not isinstance(table.index, pd.RangeIndex) else table
    frame = frame.copy()
    sep = ","
    if is_readable_language():
        from .i18n import get_language

        frame = readable(frame)
        # text is neutralised as it is; numbers, dates and lists said as cells
        # afterwards (a negative number is a number, not a formula)
        frame = pd.DataFrame({i: column_text(frame.iloc[:, i])
                              if pd.api.types.is_float_dtype(frame.iloc[:, i]) else
                              frame.iloc[:, i].map(lambda v: _neutralise(v) if isinstance(
                                  v, str) else cell_text(v)).astype(object)
                              for i in range(frame.shape[1])},
                             index=frame.index).set_axis(frame.columns, axis=1)
        sep = CSV_SEPARATOR.get(get_language(), ";")
    else:
        for col in frame.columns:
            if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
                frame[col] = frame[col].map(_neutralise)
    frame.columns = [_neutralise(str(c)) for c in frame.columns]
    path = Path(path)

    # CRLF rows (RFC 4180): a cell holding a lone CR is then quoted, not split
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as fh:
        frame.to_csv(fh, index=False, lineterminator="\r\n", sep=sep)
    return path
