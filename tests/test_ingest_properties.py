"""Property tests (hypothesis): (a) any contact history, written in a random
layout, encoding, separator, header language and date form, reads back to
the same ties, actors and dates; (b) any bytes or malformed table end in a
result or an IngestError (exit code 2 through `reterete check`), never
another exception."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from itertools import combinations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reterete.cli import app
from reterete.errors import IngestError
from reterete.identity import normalize_name
from reterete.ingest import read_contacts

NAMES = ["Ada", "Bar Roma", "Società Niccolò", "Comitato Po", "Oratorio S. Luca", "Edu Sara"]
HEADERS = {  # canonical -> (English, Italian)
    "date": ("Date", "Data"), "source": ("Source", "Attore 1"), "target": ("Target", "Attore 2"),
    "event": ("Event", "Evento"), "actor": ("Actor", "Partecipante"),
    "participants": ("Participants", "Partecipanti"), "recorded_by": ("Worker", "Operatore"),
}
DATE_FORMS = ["%d/%m/%Y", "%d-%m-%y", "%d.%m.%Y", "%Y-%m-%d"]

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))
pairs = st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)).filter(lambda p: p[0] != p[1])


@st.composite
def histories(draw):
    layout = draw(st.sampled_from(["pairwise", "attendance", "attendance_cell", "worker"]))
    if layout == "pairwise" or layout == "worker":
        rows = draw(st.lists(st.tuples(days, pairs), min_size=1, max_size=12))
        return layout, rows
    events = draw(st.lists(st.tuples(days, st.lists(st.sampled_from(NAMES), min_size=2,
                                                      max_size=4, unique=True)),
                           min_size=1, max_size=5, unique_by=lambda e: e[0]))
    return layout, events


def expected(layout, data) -> tuple[Counter, set]:
    ties: Counter = Counter()
    if layout in ("pairwise", "worker"):
        for day, (a, b) in data:
            ties[(day, *sorted((normalize_name(a), normalize_name(b))))] += 1
    else:
        for day, people in data:
            for a, b in combinations(sorted(normalize_name(p) for p in people), 2):
                ties[(day, a, b)] += 1
    return ties, {n for _, a, b in ties for n in (a, b)}


def table(layout, data, lang, form) -> tuple[list[str], list[list[str]]]:
    h = {k: v[lang] for k, v in HEADERS.items()}
    fmt = lambda d: d.strftime(form)  # noqa: E731
    if layout == "pairwise":
        return [h["date"], h["source"], h["target"]], [[fmt(d), a, b] for d, (a, b) in data]
    if layout == "worker":
        return [h["date"], h["recorded_by"], h["actor"]], [[fmt(d), a, b] for d, (a, b) in data]
    if layout == "attendance":
        return [h["date"], h["event"], h["actor"]], [[fmt(d), "Incontro", p] for d, people in
                                                     data for p in people]
    return [h["date"], h["event"], h["participants"]], [
        [fmt(d), "Incontro", " | ".join(people)] for d, people in data]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(history=histories(), lang=st.integers(0, 1), form=st.sampled_from(DATE_FORMS),
       sep=st.sampled_from([",", ";", "\t"]), kind=st.sampled_from(
           ["utf-8", "utf-8-sig", "cp1252", "xlsx", "parquet", "frame"]),
       quote=st.booleans())
def test_any_history_reads_back_exactly(tmp_path, history, lang, form, sep, kind, quote):
    layout, data = history
    if form == "%d-%m-%y":
        data = [(d, x) for d, x in data if d.year >= 2000]
    header, rows = table(layout, data, lang, form)
    if kind == "frame":
        source = pd.DataFrame(rows, columns=header)
    elif kind == "parquet":
        source = tmp_path / "log.parquet"
        pd.DataFrame(rows, columns=header).to_parquet(source)
    elif kind == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(header)
        for r in rows:  # real date cells
            wb.active.append([dt.datetime.strptime(r[0], form), *r[1:]])
        source = tmp_path / "log.xlsx"
        wb.save(source)
    else:
        q = (lambda c: '"' + c + '"') if quote else (lambda c: c)  # noqa: E731
        text = "\r\n".join(sep.join(q(c) for c in r) for r in [header, *rows]) + "\r\n"
        source = tmp_path / "log.csv"
        source.write_bytes(text.encode("utf-8" if kind == "utf-8-sig" else kind)
                           if kind != "utf-8-sig" else b"\xef\xbb\xbf" + text.encode())
    net = read_contacts(source)
    inter = net.interactions
    got = Counter((d.date(), *sorted((a, b))) for d, a, b in
                  zip(inter["date"], inter["source"], inter["target"], strict=True))
    ties, actors = expected(layout, data)
    assert got == ties
    assert set(net.actors.index) == actors
    assert set(net.actors["name"]) == {n for n in NAMES if normalize_name(n) in actors}


tables = st.lists(st.lists(st.one_of(st.text(max_size=8), st.sampled_from(
    ["15/09/2024", "2024-09-15", "31/02/2024", "Ada", ""]), st.none(),
    st.integers(-5, 5), st.floats(allow_nan=True)), min_size=0, max_size=5), max_size=6)
headers = st.lists(st.one_of(st.sampled_from(["Data", "Attore 1", "Attore 2", "Evento",
                                              "Partecipanti", "Operatore", "Attore", "Durata",
                                              "Data", ""]), st.text(max_size=6)),
                   min_size=0, max_size=5)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=headers, body=tables)
def test_malformed_tables_end_in_a_result_or_an_ingest_error(header, body):
    width = len(header)
    frame = pd.DataFrame([(r + [None] * width)[:width] for r in body],
                         columns=pd.Index(header, dtype=object)) if width else pd.DataFrame()
    try:
        read_contacts(frame)
    except IngestError as exc:
        assert exc.problems


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=300).map(str.encode),
                      st.lists(st.sampled_from(["Data", "Attore 1", "Attore 2", "15/09/2024",
                                                "Ada", '"', "\n", "\r", ";", ",", "\t", "|",
                                                "\ufeff", "é", "\x00", " "]),
                               max_size=40).map(lambda x: "".join(x).encode())),
       suffix=st.sampled_from([".csv", ".xlsx", ".ods", ".parquet", ".txt"]))
def test_any_bytes_end_in_a_result_or_an_ingest_error(tmp_path, data, suffix):
    path = tmp_path / f"log{suffix}"
    path.write_bytes(data)
    try:
        read_contacts(path)
    except IngestError as exc:
        assert exc.problems
    result = CliRunner().invoke(app, ["check", str(path), "--json"])
    assert result.exit_code in (0, 2), result.output
    out = json.loads(result.stdout)
    assert out["ok"] is (result.exit_code == 0)
