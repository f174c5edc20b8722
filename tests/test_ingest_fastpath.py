"""The fast CSV path (Arrow, every core, dictionary-encoded cells, facts from
one numpy pass over the bytes) gives exactly what the exact path gives: the
same cells, the same row numbers, the same problems, the same Network.

Independent routes: the regular expressions and ``bytes.count`` the byte
scan replaced; Python's ``csv`` module (``_csv_exact``); DataFrames read
without any CSV at all."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete.ingest import check_contacts, read_contacts
from reterete.ingest.bytescan import scan
from reterete.ingest.files import LIMITS, _csv_exact, _csv_fast, read_raw

UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")

some_bytes = st.lists(st.sampled_from([b"a", b";", b" ", b"\r", b"\n", b"\r\n", b"\xc3",
                                       b"\xa8", b"\xe8", b"\x81", b"\xe2\x82\xac", b"\x80",
                                       b"\xef", b"\xbf", b"\x00", b"\t"]),
                      max_size=40).map(b"".join)


@settings(max_examples=200, deadline=None)
@given(some_bytes)
def test_byte_facts_equal_the_regular_expressions_they_replace(data):
    facts = scan(data)
    assert facts.utf8_multibyte == bool(UTF8_MULTIBYTE.search(data))
    assert facts.cp1252_holes == bool(CP1252_HOLES.search(data))
    assert facts.newlines == data.count(b"\n")
    assert facts.carriage_returns == data.count(b"\r")
    assert facts.bare_cr == (data.count(b"\r") != data.count(b"\r\n"))
    assert facts.ascii == all(b < 0x80 for b in data)


# ------------------------------------------------------------ fast == exact
cell = st.text(alphabet="abè à€’ .-", max_size=6)


@st.composite
def csv_files(draw):
    width = draw(st.integers(1, 4))
    header = [f"h{i}" for i in range(width)]
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["ok", "ok", "ok", "blank", "short", "long", "seps"]))
        if kind == "ok":
            lines.append(";".join(draw(st.lists(cell, min_size=width, max_size=width))))
        elif kind == "blank":
            lines.append("")
        elif kind == "seps":
            lines.append(";" * (width - 1))
        elif kind == "short" and width > 1:
            lines.append(";".join(draw(st.lists(cell, min_size=1, max_size=width - 1))))
        elif kind == "long":
            lines.append(";".join(draw(st.lists(cell, min_size=width + 1,
                                                max_size=width + 2))))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = end.join([";".join(header), *lines]) + draw(st.sampled_from(["", end]))
    encoding = draw(st.sampled_from(["utf-8", "cp1252"]))
    return text, encoding


def cells_of(raw) -> list[list[object]]:
    return [[None if pd.isna(v) else str(v) for v in row]
            for row in raw.cells.astype(object).itertuples(index=False, name=None)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_files())
def test_fast_reader_equals_exact_reader(case):
    text, encoding = case
    data = text.encode(encoding)
    fast = _csv_fast(memoryview(data), encoding, "log.csv", ";", LIMITS, scan(data))
    exact = _csv_exact(data.decode(encoding), "log.csv", ";", LIMITS)
    if fast is None:  # the fast path declined: the caller uses the exact reader
        return
    assert fast.header == exact.header
    assert fast.rows.tolist() == exact.rows.tolist()
    assert [str(p) for p in fast.problems] == [str(p) for p in exact.problems]
    assert cells_of(fast) == cells_of(exact)


def test_a_bad_row_in_a_big_file_is_numbered_after_the_parallel_read(tmp_path):
    # over Arrow's 4 MB blocks, so the first read is parallel and cannot number it
    n = 200_000
    names = np.array(["Caffè Roma", "Oratorio", "Comitato Po", "Bar Sport"])
    rng = np.random.default_rng(0)
    a, b = names[rng.integers(0, 4, n)], names[rng.integers(0, 4, n)]
    lines = [f"15/09/2024;{x};{y}" for x, y in zip(a, b, strict=True)]
    lines[150_000] = "15/09/2024;Caffè Roma"
    path = tmp_path / "big.csv"
    path.write_bytes(("Data;Attore 1;Attore 2\r\n" + "\r\n".join(lines) + "\r\n")
                     .encode("cp1252"))
    assert path.stat().st_size > 5 * 2**20
    raw = read_raw(path)
    assert raw.encoding == "cp1252"
    assert [(p.row, p.reason) for p in raw.problems] == [
        (150_002, "has 2 cells but the header has 3 columns")]
    assert len(raw.rows) == n - 1 and raw.rows[150_000] == 150_003


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_network_from_the_fast_path_equals_the_network_from_a_table(tmp_path, encoding):
    frame = pd.DataFrame({
        "Data": ["02/09/2024", "16/09/2024", "16/09/2024", "01/09/2024", "03/09/2024"],
        "Attore 1": ["Polizia Locale ", "Caffè  Roma", "caffè roma", "Ada", "Ada"],
        "Attore 2": ["Caffè Roma", "Comitato Po", "Polizia locale", "Ada", "Bea"],
        "Luogo": ["Piazza Roma", "piazza roma", "", "Piazza Marconi", "Piazza Marconi"],
        "Tipo contatto": ["Incontro", "", "Telefonata", "Incontro", "Incontro"],
        "Durata (min)": ["30", "", "12,5", "5", "7"],
    })
    path = tmp_path / "log.csv"
    path.write_bytes(frame.to_csv(sep=";", index=False).encode(encoding))
    fast = check_contacts(path)
    assert fast.ok
    table = read_contacts(frame.replace("", None))
    got, want = fast.network, table
    assert got.site_names == want.site_names
    pd.testing.assert_frame_equal(got.actors, want.actors)
    cols = ["date", "source", "target", "site", "kind", "duration_min", "weight", "row"]
    pd.testing.assert_frame_equal(got.interactions[cols], want.interactions[cols],
                                  check_dtype=False)
    assert [w.reason for w in got.warnings] == [w.reason for w in want.warnings]


def test_edge_attributes_equal_the_per_edge_conversion():
    # reterete.network._edge_dicts shares one Timestamp per distinct day; the
    # values must be what converting each edge on its own gives
    from reterete.network import Network, _edge_dicts, aggregate_ties

    net = Network.from_interactions(pd.DataFrame({
        "date": pd.to_datetime(["2024-09-02 00:00", "2024-09-03 18:30", "2024-10-01 00:00",
                               "2024-09-02 00:00"]),
        "source": ["Ada", "Ada", "Bea", "Cy"], "target": ["Bea", "Bea", "Cy", "Ada"],
        "duration_min": [10, np.nan, 5.5, 3]}))
    edges = aggregate_ties(net.interactions)
    naive = [{"weight": float(w), "count": int(c), "minutes": float(m), "first": f,
              "last": la, "sites": s}
             for w, c, m, f, la, s in zip(edges["weight"], edges["count"], edges["minutes"],
                                          edges["first"], edges["last"], edges["sites"],
                                          strict=True)]
    got = list(_edge_dicts(edges))
    assert got == naive
    assert all(type(g["first"]) is pd.Timestamp and type(g["count"]) is int for g in got)


def test_a_column_without_header_or_cells_is_ignored_on_the_fast_path(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date;source;target;\n2024-09-01;Ada;Bea;\n2024-09-02;Bea;Cy; \n")
    net = read_contacts(path)
    assert len(net.interactions) == 2
    path.write_text("date;source;target;\n2024-09-01;Ada;Bea;x\n")
    assert "column 4" in check_contacts(path).network.interactions.columns
