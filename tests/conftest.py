"""Fixtures shared across the suite: the bundled Cremona example."""

from __future__ import annotations

from pathlib import Path

import pytest

from reterete.examples import cremona


@pytest.fixture(scope="session")
def cremona_dir() -> Path:
    """Folder of the bundled Cremona field files."""
    return cremona.bundled_dir()


@pytest.fixture(scope="session")
def cremona_logs(cremona_dir: Path) -> list[Path]:
    """The three contact logs (attendance, worker diaries, pairwise contacts)."""
    return [cremona_dir / cremona.FILES[k] for k in ("meetings", "diaries", "contacts")]


@pytest.fixture(scope="session")
def cremona_registry(cremona_dir: Path) -> Path:
    return cremona_dir / cremona.FILES["registry"]


@pytest.fixture(scope="session")
def cremona_net(cremona_logs, cremona_registry):
    """The bundled example read through the public API."""
    from reterete.ingest import read_contacts

    return read_contacts(cremona_logs, actors=cremona_registry)


@pytest.fixture(scope="session")
def cremona_truth():
    """What the generator says happened (independent of the reader)."""
    return cremona.generate()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave files for a person to look at (screenshots, pages)."""
    path = Path(__file__).parent / "_artifacts"
    path.mkdir(exist_ok=True)
    return path
