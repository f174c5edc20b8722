"""Seeded generator of realistic contact logs for the benchmark suite.

What the logs look like, and why:

* **Activity is heavy-tailed**: a few actors (a proximity agent, a parish,
  a bar owner) appear in many contacts, most in a handful (lognormal
  activity, sigma 1.2).
* **Site popularity is Zipf**: site *k* draws a share proportional to
  ``1 / k ** 1.1``; the three Cremona sites come first ("Piazza Roma",
  "Piazza Marconi", "Area verde via Orti Romani").
* **Ties are mostly local**: each actor has a home site; 85 % of ties join
  two actors of the same site, the rest cross sites.
* **Contacts per tie are lognormal** (``1 + floor(LogNormal(0.3, 1.0))``):
  most pairs meet once or twice, a few dozens of times.

Each size is written three ways into a folder (``benchmarks/_data/`` by
default, gitignored; never committed):

* ``contatti_<size>.csv``: what Italian Excel writes -- ``;`` separated,
  Windows-1252, day-first dates, Italian headers
  ``Data;Attore 1;Attore 2;Luogo;Tipo contatto;Durata (min)``;
* ``contacts_<size>_iso.csv``: UTF-8, ``,``, ISO dates, English headers;
* ``contacts_<size>.parquet``: the same table with typed columns;

plus ``registro_<size>.csv``, an actor registry (Nome;Tipo;Luoghi).

A second kind of log is recorded by machines, not people: :func:`school_log`
makes one like the public high-school contact log (SocioPatterns, Lycée
Thiers, Marseille, December 2013): wearable sensors record a face-to-face
contact every 20 seconds, a few hundred students in classes, five school
days. It is written whitespace-separated with Unix times in seconds
(``t i j Ci Cj``), as the real file is, by :func:`write_school`.

Run ``python benchmarks/generate.py S M L`` to write them, or call
:func:`ensure` from the runner (files are cached by size and seed).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["Size", "SIZES", "CREMONA_SITES", "generate_log", "generate_registry", "write",
           "write_big", "BIG_ROWS",
           "ensure", "DATA_DIR", "school_log", "school_registry", "write_school",
           "ensure_school", "SCHOOL_CLASSES", "SCHOOL_TIMEZONE"]

DATA_DIR = Path(__file__).resolve().parent / "_data"
CREMONA_SITES = ("Piazza Roma", "Piazza Marconi", "Area verde via Orti Romani")
ITALIAN_HEADER = ["Data", "Attore 1", "Attore 2", "Luogo", "Tipo contatto", "Durata (min)"]
ENGLISH_HEADER = ["date", "source", "target", "site", "kind", "duration_min"]

# actor kind (as an Italian registry writes it), share of actors, name prefix
_KINDS = (
    ("Residente", 0.38, "Residente"),
    ("Esercizio commerciale", 0.16, "Caffè"),
    ("Associazione", 0.10, "Associazione"),
    ("Testimone privilegiato", 0.08, "Testimone"),
    ("Opinion leader", 0.05, "Opinion leader"),
    ("Agenzia educativa", 0.06, "Oratorio"),
    ("Comitato di quartiere", 0.03, "Comitato"),
    ("Polizia locale", 0.05, "Agente"),
    ("Servizio sociale", 0.04, "Assistente sociale"),
    ("Cooperativa", 0.05, "Educatore"),
)
_CONTACT_KINDS = ("Presidio dei territori", "Mappatura e azioni di rete", "Colloquio",
                  "Telefonata", "Incontro", "Aggancio in strada")
_STREETS = ("Via", "Piazza", "Largo", "Viale", "Quartiere", "Giardini")
_STREET_NAMES = ("Garibaldi", "Mazzini", "Verdi", "Cavour", "Dante", "Stradivari",
                 "Po", "Battisti", "Manzoni", "Bissolati", "Massarotti", "Cadore",
                 "Ghinaglia", "Castelleone", "Brescia", "Mantova", "Cà del Ferro")


@dataclass(frozen=True)
class Size:
    """One benchmark size: rows of the log, actors, sites, period."""

    name: str
    rows: int
    actors: int
    sites: int
    start: str
    days: int


SIZES = {
    "S": Size("S", 5_000, 300, 3, "2024-09-01", 122),
    "M": Size("M", 100_000, 2_000, 12, "2024-01-01", 366),
    "L": Size("L", 1_000_000, 10_000, 50, "2023-01-01", 730),
    # L times ten: ten times the rows, actors and sites over the same two
    # years (ten L-sized projects logged together, so each actor's activity,
    # ties and contacts per tie are L's); written as the Italian CSV only
    "XL": Size("XL", 10_000_000, 100_000, 500, "2023-01-01", 730),
}
#: Sizes above this many rows are written in slices, and only as the Italian
#: CSV and the registry (the ISO CSV and Parquet copies are not needed).
BIG_ROWS = 2_000_000


def site_names(n: int) -> list[str]:
    """The three Cremona sites first, then invented street names."""
    names = list(CREMONA_SITES[:n])
    k = 0
    while len(names) < n:
        street = _STREETS[k % len(_STREETS)]
        name = _STREET_NAMES[(k // len(_STREETS)) % len(_STREET_NAMES)]
        suffix = k // (len(_STREETS) * len(_STREET_NAMES))
        names.append(f"{street} {name}" + (f" {suffix + 1}" if suffix else ""))
        k += 1
    return names


def _actors(size: Size, rng: np.random.Generator) -> pd.DataFrame:
    shares = np.array([s for _, s, _ in _KINDS])
    kind_idx = rng.choice(len(_KINDS), size=size.actors, p=shares / shares.sum())
    zipf = 1.0 / np.arange(1, size.sites + 1) ** 1.1
    home = rng.choice(size.sites, size=size.actors, p=zipf / zipf.sum())
    activity = rng.lognormal(0.0, 1.2, size=size.actors)
    names = [f"{_KINDS[k][2]} {i + 1:05d}" for i, k in enumerate(kind_idx)]
    return pd.DataFrame({"name": names, "kind": [_KINDS[k][0] for k in kind_idx],
                         "home": home, "activity": activity})


def generate_log(size: Size | str, seed: int = 0) -> pd.DataFrame:
    """The contact log of one size as a DataFrame with English column names.

    Columns: ``date`` (datetime64, days), ``source``, ``target``, ``site``,
    ``kind``, ``duration_min`` (float, about 5 % blank). Exactly
    ``size.rows`` rows, no self-contacts.

    Examples
    --------
    >>> log = generate_log("S", seed=1)
    >>> len(log), log["site"].value_counts().index[0]
    (5000, 'Piazza Roma')
    """
    size = SIZES[size] if isinstance(size, str) else size
    d = _draw(size, seed)
    names = d["names"]
    return pd.DataFrame({
        "date": d["dates"].to_numpy(),
        "source": names[d["src"]],
        "target": names[d["tgt"]],
        "site": np.asarray(site_names(size.sites), dtype=object)[d["site"]],
        "kind": np.asarray(_CONTACT_KINDS, dtype=object)[d["kind"]],
        "duration_min": d["duration"],
    })


def _draw(size: Size, seed: int) -> dict:
    """The log of one size as integer codes (actors, sites, kinds), dates and
    durations: what :func:`generate_log` turns into text."""
    rng = np.random.default_rng(seed)
    actors = _actors(size, rng)
    # actors sorted by home site, with cumulative activity, to draw a
    # partner inside one site by a vectorised searchsorted
    order = np.argsort(actors["home"].to_numpy(), kind="stable")
    home_sorted = actors["home"].to_numpy()[order]
    cum = np.cumsum(actors["activity"].to_numpy()[order])
    lo = np.searchsorted(home_sorted, np.arange(size.sites), side="left")
    hi = np.searchsorted(home_sorted, np.arange(size.sites), side="right")
    p_act = actors["activity"].to_numpy() / actors["activity"].sum()

    per_tie = 1 + np.floor(rng.lognormal(0.3, 1.0, size=size.rows)).astype(np.int64)
    n_ties = int(np.searchsorted(np.cumsum(per_tie), size.rows)) + 1
    u = rng.choice(size.actors, size=2 * n_ties, p=p_act)
    local = rng.random(2 * n_ties) < 0.85
    s = actors["home"].to_numpy()[u]
    base = np.where(lo[s] > 0, cum[np.maximum(lo[s] - 1, 0)], 0.0)
    top = cum[np.maximum(hi[s] - 1, 0)]
    pick = np.searchsorted(cum, base + rng.random(2 * n_ties) * (top - base), side="right")
    v_local = order[np.minimum(pick, size.actors - 1)]
    v_global = rng.choice(size.actors, size=2 * n_ties, p=p_act)
    v = np.where(local, v_local, v_global)
    keep = u != v
    u, v = u[keep][:n_ties], v[keep][:n_ties]
    if len(u) < n_ties:  # pragma: no cover - only for degenerate tiny sizes
        raise ValueError("too few distinct pairs drawn; use more actors")
    counts = per_tie[:n_ties].copy()
    counts[-1] -= counts.sum() - size.rows
    tie = np.repeat(np.arange(n_ties), counts)
    src, tgt = u[tie], v[tie]
    flip = rng.random(size.rows) < 0.5  # who is written first varies
    src, tgt = np.where(flip, tgt, src), np.where(flip, src, tgt)
    home = actors["home"].to_numpy()
    site = np.where(rng.random(size.rows) < 0.8, home[u[tie]], home[v[tie]])
    day = rng.integers(0, size.days, size=size.rows)
    dates = pd.Timestamp(size.start) + pd.to_timedelta(np.sort(day), unit="D")
    duration = np.round(rng.lognormal(2.7, 0.6, size=size.rows)).astype(float)
    duration[rng.random(size.rows) < 0.05] = np.nan
    kind = rng.integers(0, len(_CONTACT_KINDS), size=size.rows)
    return {"names": actors["name"].to_numpy(dtype=object), "src": src, "tgt": tgt,
            "site": site, "dates": dates, "kind": kind, "duration": duration}


def generate_registry(size: Size | str, seed: int = 0) -> pd.DataFrame:
    """An actor registry for the log of the same size and seed (Nome, Tipo, Luoghi)."""
    size = SIZES[size] if isinstance(size, str) else size
    actors = _actors(size, np.random.default_rng(seed))
    sites = np.asarray(site_names(size.sites), dtype=object)
    return pd.DataFrame({"Nome": actors["name"], "Tipo": actors["kind"],
                         "Luoghi": sites[actors["home"].to_numpy()]})


def paths(size: str, folder: Path | None = None, seed: int = 0) -> dict[str, Path]:
    """Where the files of one size live."""
    folder = Path(folder or DATA_DIR)
    tag = f"{size}" if seed == 0 else f"{size}_seed{seed}"
    return {"it_csv": folder / f"contatti_{tag}.csv",
            "iso_csv": folder / f"contacts_{tag}_iso.csv",
            "parquet": folder / f"contacts_{tag}.parquet",
            "registry": folder / f"registro_{tag}.csv"}


def write(size: str, folder: Path | None = None, seed: int = 0) -> dict[str, Path]:
    """Write the three forms of one size's log and its registry; return their paths
    (big sizes: :func:`write_big`)."""
    if SIZES[size].rows > BIG_ROWS:
        return write_big(size, folder, seed)
    out = paths(size, folder, seed)
    out["it_csv"].parent.mkdir(parents=True, exist_ok=True)
    log = generate_log(size, seed)
    italian = log.copy()
    italian["date"] = log["date"].dt.strftime("%d/%m/%Y")
    italian["duration_min"] = log["duration_min"].map(
        lambda x: "" if np.isnan(x) else str(int(x)))
    italian.columns = ITALIAN_HEADER
    italian.to_csv(out["it_csv"], sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    iso = log.copy()
    iso["date"] = log["date"].dt.strftime("%Y-%m-%d")
    iso.to_csv(out["iso_csv"], index=False, encoding="utf-8")
    log.to_parquet(out["parquet"], index=False, row_group_size=100_000)
    generate_registry(size, seed).to_csv(out["registry"], sep=";", index=False,
                                         encoding="cp1252", lineterminator="\r\n")
    return out


def write_big(size: str, folder: Path | None = None, seed: int = 0,
              slice_rows: int = 1_000_000) -> dict[str, Path]:
    """Write the Italian CSV and the registry of a big size, the CSV in
    slices of ``slice_rows`` rows (the codes of the whole log are drawn at
    once, about 1 GB for XL; its text never is). Same rows as
    :func:`generate_log` would give."""
    spec = SIZES[size]
    out = paths(size, folder, seed)
    out["it_csv"].parent.mkdir(parents=True, exist_ok=True)
    d = _draw(spec, seed)
    days = pd.DatetimeIndex(d["dates"])
    day_code, day_values = pd.factorize(days)
    day_text = np.asarray(day_values.strftime("%d/%m/%Y"), dtype=object)
    dur = d["duration"]
    dur_code, dur_values = pd.factorize(dur, use_na_sentinel=True)
    dur_text = np.append(np.asarray([str(int(x)) for x in dur_values], dtype=object), "")
    sites = np.asarray(site_names(spec.sites), dtype=object)
    kinds = np.asarray(_CONTACT_KINDS, dtype=object)
    partial = out["it_csv"].with_suffix(".partial")
    with partial.open("w", encoding="cp1252", newline="") as fh:
        fh.write(";".join(ITALIAN_HEADER) + "\r\n")
        for a in range(0, spec.rows, slice_rows):
            b = min(a + slice_rows, spec.rows)
            frame = pd.DataFrame({
                "d": day_text[day_code[a:b]], "s": d["names"][d["src"][a:b]],
                "t": d["names"][d["tgt"][a:b]], "l": sites[d["site"][a:b]],
                "k": kinds[d["kind"][a:b]], "m": dur_text[dur_code[a:b]]})
            frame.to_csv(fh, sep=";", index=False, header=False, lineterminator="\r\n")
    partial.replace(out["it_csv"])
    generate_registry(spec, seed).to_csv(out["registry"], sep=";", index=False,
                                         encoding="cp1252", lineterminator="\r\n")
    return {"it_csv": out["it_csv"], "registry": out["registry"]}


def ensure(size: str, folder: Path | None = None, seed: int = 0) -> dict[str, Path]:
    """The files of one size, written first if any is missing (big sizes:
    the Italian CSV and the registry only, see :func:`write_big`)."""
    out = paths(size, folder, seed)
    if SIZES[size].rows > BIG_ROWS:
        big = {k: out[k] for k in ("it_csv", "registry")}
        return big if all(p.exists() for p in big.values()) else write_big(size, folder, seed)
    if all(p.exists() for p in out.values()):
        return out
    return write(size, folder, seed)


# ------------------------------------------------------- a sensor log of a school
#: The nine classes of the real log (preparatory classes of a French lycée).
SCHOOL_CLASSES = ("2BIO1", "2BIO2", "2BIO3", "MP", "MP*1", "MP*2", "PC", "PC*", "PSI*")
#: Where the school is: its clocks turn Unix times into school hours.
SCHOOL_TIMEZONE = "Europe/Paris"
SCHOOL_START = "2013-12-02"  # a Monday
#: Records per day in the real log (188,508 over five days).
SCHOOL_RECORDS_PER_DAY = 37_700
_SLOT = 20  # seconds between two records of one contact
_SCHOOL_DAY = (8 * 3600, 18 * 3600)  # local school hours, 08:00 to 18:00


def _school_people(n_actors: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Sparse integer badge ids (as the real file has) and each one's class index."""
    ids = np.sort(rng.choice(np.arange(1, max(2_000, 4 * n_actors)), size=n_actors,
                             replace=False)).astype(np.int64)
    share = rng.dirichlet(np.full(len(SCHOOL_CLASSES), 20.0))
    klass = np.sort(rng.choice(len(SCHOOL_CLASSES), size=n_actors, p=share))
    return ids, klass


def school_log(n_actors: int = 327, days: int = 5, *, seed: int = 0, ties_per_day: int = 2_200,
               within_class: float = 0.7, rows: int | None = None, start: str = SCHOOL_START,
               timezone: str = SCHOOL_TIMEZONE) -> pd.DataFrame:
    """A sensor contact log of a school, like the public 2013 high-school one.

    Every school day (08:00 to 18:00 at ``timezone``, from ``start``) draws
    ``ties_per_day`` distinct pairs of students, ``within_class`` of them
    inside a class; each pair meets in one run of consecutive 20-second
    records (lognormal run lengths, capped at the school day). Columns: ``t``
    (Unix time in seconds, a multiple of 20), ``i`` and ``j`` (badge ids,
    integers), ``Ci`` and ``Cj`` (their classes); rows sorted by ``t``.
    ``rows`` fixes the number of records (default 37,700 a day, as the real
    log has); every pair of a day has at least one.

    Examples
    --------
    >>> log = school_log(60, days=2, seed=1, ties_per_day=100, rows=3_000)
    >>> len(log), list(log.columns), bool((log["t"] % 20 == 0).all())
    (3000, ['t', 'i', 'j', 'Ci', 'Cj'], True)
    """
    rng = np.random.default_rng(seed)
    ids, klass = _school_people(n_actors, rng)
    a, b = np.triu_indices(n_actors, k=1)
    same = klass[a] == klass[b]
    inside, across = np.flatnonzero(same), np.flatnonzero(~same)
    n_in = min(len(inside), int(round(within_class * ties_per_day)))
    n_out = min(len(across), ties_per_day - n_in)
    total = SCHOOL_RECORDS_PER_DAY * days if rows is None else int(rows)
    per_day = np.full(days, total // days) + (np.arange(days) < total % days)
    slots = (_SCHOOL_DAY[1] - _SCHOOL_DAY[0]) // _SLOT
    midnight = pd.Timestamp(start).tz_localize(timezone)
    frames = []
    for d in range(days):
        pairs = np.concatenate([rng.choice(inside, n_in, replace=False),
                                rng.choice(across, n_out, replace=False)])
        n_pairs = len(pairs)
        if per_day[d] < n_pairs:
            raise ValueError(f"{per_day[d]} records a day cannot hold {n_pairs} ties")
        w = rng.lognormal(0.0, 1.2, size=n_pairs)
        counts = 1 + rng.multinomial(per_day[d] - n_pairs, w / w.sum())
        over = counts - slots
        if (over > 0).any():  # runs longer than the school day go to the shortest runs
            spill = int(over[over > 0].sum())
            counts = np.minimum(counts, slots)
            for k in np.argsort(counts, kind="stable"):
                room = min(slots - counts[k], spill)
                counts[k] += room
                spill -= room
                if not spill:
                    break
        first = rng.integers(0, slots - counts + 1)
        pair = np.repeat(np.arange(n_pairs), counts)
        run_start = np.repeat(np.cumsum(counts) - counts, counts)
        slot = first[pair] + (np.arange(len(pair)) - run_start)
        # the day's 08:00 in the school's zone (midnight + 1 day stays right across DST)
        day0 = (midnight + pd.DateOffset(days=d)).timestamp() + _SCHOOL_DAY[0]
        u, v = a[pairs][pair], b[pairs][pair]
        flip = rng.random(len(pair)) < 0.5
        u, v = np.where(flip, v, u), np.where(flip, u, v)
        frames.append(pd.DataFrame({"t": np.int64(day0) + _SLOT * slot.astype(np.int64),
                                    "u": u, "v": v}))
    log = pd.concat(frames, ignore_index=True).sort_values(["t", "u", "v"], kind="stable")
    names = np.asarray(SCHOOL_CLASSES, dtype=object)
    return pd.DataFrame({"t": log["t"].to_numpy(), "i": ids[log["u"].to_numpy()],
                         "j": ids[log["v"].to_numpy()],
                         "Ci": names[klass[log["u"].to_numpy()]],
                         "Cj": names[klass[log["v"].to_numpy()]]})


def school_registry(n_actors: int = 327, *, seed: int = 0) -> pd.DataFrame:
    """The students of :func:`school_log` (same ``n_actors`` and ``seed``) with
    their class as sector: ``name`` (badge id), ``sector``, ``kind``."""
    ids, klass = _school_people(n_actors, np.random.default_rng(seed))
    return pd.DataFrame({"name": ids.astype(str),
                         "sector": np.asarray(SCHOOL_CLASSES, dtype=object)[klass],
                         "kind": "resident"})


def school_paths(folder: Path | None = None, *, n_actors: int = 327, days: int = 5,
                 seed: int = 0, rows: int | None = None) -> dict[str, Path]:
    """Where :func:`write_school` puts a school log and its registry."""
    folder = Path(folder or DATA_DIR)
    tag = f"{n_actors}x{days}_seed{seed}" + (f"_{rows}" if rows is not None else "")
    return {"log": folder / f"school_{tag}.dat", "registry": folder / f"school_{tag}_classes.csv"}


def write_school(folder: Path | None = None, *, n_actors: int = 327, days: int = 5,
                 seed: int = 0, rows: int | None = None, **options) -> dict[str, Path]:
    """Write :func:`school_log` as the real file is written (one space
    between cells, header ``t i j Ci Cj``, Unix seconds) and its registry
    (CSV: name, sector, kind); return their paths."""
    out = school_paths(folder, n_actors=n_actors, days=days, seed=seed, rows=rows)
    out["log"].parent.mkdir(parents=True, exist_ok=True)
    log = school_log(n_actors, days, seed=seed, rows=rows, **options)
    log.to_csv(out["log"], sep=" ", index=False, lineterminator="\n")
    school_registry(n_actors, seed=seed).to_csv(out["registry"], index=False)
    return out


def ensure_school(folder: Path | None = None, **kwargs) -> dict[str, Path]:
    """The files of :func:`write_school`, written first if missing."""
    out = school_paths(folder, **{k: v for k, v in kwargs.items()
                                  if k in ("n_actors", "days", "seed", "rows")})
    if all(p.exists() for p in out.values()):
        return out
    return write_school(folder, **kwargs)


# ------------------------------------------------------- hostile files (issue 12)
_FIRST_NAMES = ("Mario", "Luca", "Giulia", "Anna", "Paolo", "Marco", "Sara", "Elena",
                "Giorgio", "Chiara", "Francesco", "Laura", "Andrea", "Sofia", "Matteo",
                "Alessia", "Davide", "Martina", "Simone", "Federica", "Giovanni", "Roberto",
                "Stefano", "Alberto", "Silvia", "Valentina", "Lorenzo", "Tommaso", "Beatrice",
                "Camilla")


def distinct_names(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct "First Surname" names: 30 first names and invented
    Italian-sounding surnames, so many pairs are near each other."""
    rng = np.random.default_rng(seed)
    cons, vow = "bcdfglmnprstvz", "aeiou"
    syll = [c + v for c in cons for v in vow] + [c + c + v for c in "lrstnpcm" for v in vow]
    names: dict[str, None] = {}
    while len(names) < n:
        sur = "".join(rng.choice(syll, size=int(rng.integers(2, 4)))).capitalize() + str(
            rng.choice(list("ioa")))
        names.setdefault(f"{rng.choice(_FIRST_NAMES)} {sur}", None)
    return list(names)


def ensure_distinct_actors(n: int = 40_000, folder: Path | None = None, seed: int = 0) -> Path:
    """A pairwise log of ``n / 2`` rows, every name appearing once."""
    folder = folder or DATA_DIR
    path = folder / f"distinct_actors_{n}.csv"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        names = distinct_names(n, seed)
        rng = np.random.default_rng(seed + 1)
        days = pd.Timestamp("2024-09-01") + pd.to_timedelta(
            rng.integers(0, 120, size=n // 2), unit="D")
        frame = pd.DataFrame({"Data": days.strftime("%d/%m/%Y"), "Attore 1": names[0::2],
                              "Attore 2": names[1::2], "Luogo": "Piazza Roma"})
        frame.to_csv(path, sep=";", index=False, encoding="utf-8")
    return path


def ensure_stray_xlsx(folder: Path | None = None) -> Path:
    """A two-row XLSX log with one stray value at XFD1048576 (about 5 KB)."""
    import openpyxl

    folder = folder or DATA_DIR
    path = folder / "stray_cell.xlsx"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["Data", "Attore 1", "Attore 2"])
        ws.append([pd.Timestamp("2024-09-15").to_pydatetime(), "Ada", "Bea"])
        ws["XFD1048576"] = "x"
        wb.save(path)
    return path


def ensure_large_event(n: int = 5000, folder: Path | None = None) -> Path:
    """An attendance log of one event with ``n`` participants, one row each."""
    folder = folder or DATA_DIR
    path = folder / f"event_{n}.csv"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        lines = ["Data;Evento;Partecipante;Luogo"]
        lines += [f"15/09/2024;Festa di quartiere;Persona {i:05d};Piazza Roma"
                  for i in range(n)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["S", "M", "L"], choices=sorted(SIZES))
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="rewrite existing files")
    args = parser.parse_args(argv)
    for size in args.sizes:
        files = (write if args.force else ensure)(size, args.out, args.seed)
        print(size, *(str(p) for p in files.values()))


if __name__ == "__main__":
    main()
