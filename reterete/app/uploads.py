"""Uploaded files into a private temporary folder, removed afterwards.

The name a browser sends with a file is only ever *shown* (and kept as the
file's provenance in the workspace): on disk each upload gets a name the app
makes up (``upload-3.csv``), inside a folder only this user can read
(``tempfile.mkdtemp``, mode 0700) that is deleted when the request is done.
The extension is kept only when it is one the readers know, so that the
reader picks the right format.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .data import Upload

__all__ = ["private_folder", "save", "display_name", "KNOWN_SUFFIXES"]

#: Extensions kept on the private copy (the readers choose a format by it).
KNOWN_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".parquet")


@contextlib.contextmanager
def private_folder() -> Iterator[Path]:
    """A fresh folder readable by this user only, removed on exit."""
    folder = Path(tempfile.mkdtemp(prefix="reterete-upload-"))
    try:
        os.chmod(folder, 0o700)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def display_name(sent: str | None, fallback: str) -> str:
    """The name to show for an upload: the last part of what the browser
    sent, without control characters, at most 120 characters."""
    text = (sent or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    return text[:120] or fallback


async def save(upload: Any, folder: Path, number: int) -> Upload:
    """Copy one Starlette ``UploadFile`` into ``folder`` under a made-up name."""
    name = display_name(getattr(upload, "filename", None), f"file {number}")
    suffix = Path(name).suffix.lower()
    path = folder / f"upload-{number}{suffix if suffix in KNOWN_SUFFIXES else ''}"
    with open(path, "xb") as out:
        while True:
            chunk = await upload.read(1 << 20)
            if not chunk:
                break
            out.write(chunk)
    await upload.close()
    return Upload(name, path)
