"""Hostile bytes through the fast CSV path (issue 15): the byte facts are now
worked out on demand, a bare CR is caught by the record count instead of a
scan of every CR, and the encoding is judged from a 64 KB prefix before the
whole file. Independent routes: Python's own decoders and regular
expressions for the encoding, Python's ``csv`` module for the table."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete.ingest.bytescan import scan
from reterete.ingest.files import LIMITS, _csv_exact, _csv_fast, _encoding, read_raw

UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")

piece = st.sampled_from([b"a", b"Bo", b" ", b";", b"\r", b"\xe8", b"\xc3\xa8", b"\x81",
                         b"\x85", b"\xa0", b"\xe2\x82\xac", b"\x80", b"\t", b"1.500", b"\xef"])
cell = st.lists(piece, max_size=4).map(b"".join)


@st.composite
def hostile_files(draw):
    width = draw(st.integers(1, 4))
    header = b";".join(b"h%d" % i for i in range(width))
    end = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    lines = [b";".join(draw(st.lists(cell, min_size=1, max_size=width + 1)))
             for _ in range(draw(st.integers(0, 8)))]
    return end.join([header, *lines]) + draw(st.sampled_from([b"", end, b"\r", b"\n"]))


def reference_encoding(data: bytes) -> str | None:
    """What the encoding is, by Python's decoder and the regular expressions
    (None: a mix of UTF-8 and Windows-1252)."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if UTF8_MULTIBYTE.search(data):
        return None
    return "latin-1" if CP1252_HOLES.search(data) else "cp1252"


def cells_of(raw) -> list[list[object]]:
    return [[None if pd.isna(v) else str(v) for v in row]
            for row in raw.cells.astype(object).itertuples(index=False, name=None)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_files())
def test_encoding_equals_pythons_decoders(data):
    encoding, skip, problem = _encoding(data, "log.csv")
    assert skip == 0
    assert encoding == reference_encoding(data)
    assert (problem is None) == (encoding is not None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_files())
def test_fast_reader_with_hostile_bytes_equals_the_csv_module(data):
    encoding = reference_encoding(data)
    if encoding is None:
        return
    fast = _csv_fast(memoryview(data), encoding, "log.csv", ";", LIMITS, scan(data))
    if fast is None:  # declined: the caller uses the exact reader
        return
    exact = _csv_exact(data.decode(encoding), "log.csv", ";", LIMITS)
    assert fast.header == exact.header
    assert fast.rows.tolist() == exact.rows.tolist()
    assert [str(p) for p in fast.problems] == [str(p) for p in exact.problems]
    assert cells_of(fast) == cells_of(exact)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(hostile_files())
def test_a_bare_cr_never_reaches_the_fast_path(tmp_path, data):
    facts = scan(data)
    encoding = reference_encoding(data) or "latin-1"  # any that decodes every byte
    fast = _csv_fast(memoryview(data), encoding, "log.csv", ";", LIMITS, facts)
    if facts.bare_cr:
        assert fast is None
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    raw = read_raw(path)  # whatever route it takes, it says what it read
    assert raw.encoding in (None, "utf-8", "cp1252", "latin-1")


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(hostile_files())
def test_read_raw_judges_a_file_as_pythons_decoders_and_csv_module(tmp_path, data):
    # a file that is not UTF-8 is judged from its cells once read (issue 15)
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    raw = read_raw(path)
    want = reference_encoding(data)
    if want is None:
        first_bad = UnicodeDecodeError
        try:
            data.decode("utf-8")
        except first_bad as exc:
            line = data.count(b"\n", 0, exc.start) + 1
        assert raw.encoding is None
        assert [(p.row, p.reason) for p in raw.problems] == [
            (line, "mixes two text encodings (UTF-8 and Windows-1252): save the file again "
                   "as 'CSV UTF-8' from the spreadsheet")]
        return
    assert raw.encoding == want
    exact = _csv_exact(data.decode(want), "log.csv", raw.separator, LIMITS)
    assert raw.header == exact.header
    assert raw.rows.tolist() == exact.rows.tolist()
    assert [str(p) for p in raw.problems] == [str(p) for p in exact.problems]
    assert cells_of(raw) == cells_of(exact)


def big_log(last: str) -> bytes:
    """A cp1252 log of over 4 MB (several of Arrow's blocks, read in
    parallel) whose last row is ``last`` (bytes as written)."""
    rows = "".join(f"15/09/2024;Caff\xe8 Roma {i % 97};Oratorio {i % 89}\r\n"
                   for i in range(150_000))
    return ("Data;Attore 1;Attore 2\r\n" + rows).encode("cp1252") + last.encode("latin-1")


def test_a_byte_cp1252_leaves_out_in_the_last_block_makes_the_file_latin_1(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(big_log("15/09/2024;Bar \x81;Oratorio\r\n"))
    assert path.stat().st_size > 5 * 2**20
    raw = read_raw(path)
    assert raw.encoding == "latin-1" and not raw.problems
    assert raw.cells[1].iat[-1] == "Bar \x81"


def test_utf8_in_the_last_block_of_a_cp1252_file_is_a_mix_named_at_its_line(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(big_log("15/09/2024;Bar \xc3\xa8;Oratorio\r\n"))
    raw = read_raw(path)
    assert raw.encoding is None
    # named where UTF-8 first fails: the first accented letter, on line 2
    assert [(p.row, str(p.reason)[:24]) for p in raw.problems] == [
        (2, "mixes two text encodings")]
