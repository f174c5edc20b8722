"""Reading big CSV logs in chunks (reterete.ingest.chunked) gives what the
whole-file route gives: errors, warnings, files, actors, sites and every
graph view. Tiny chunks on small files stand for a million rows on big ones."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reterete.cli import app
from reterete.ingest import check_contacts
from reterete.ingest.chunked import _record_ends, check_contacts_chunked, chunked
from reterete.metrics.structure import summary

HEADER = "Data;Attore 1;Attore 2;Luogo;Tipo contatto;Durata (min);Note"


def write(path, lines, encoding="cp1252", end="\r\n"):
    path.write_bytes((end.join([HEADER, *lines]) + end).encode(encoding))
    return path


def same(a, b) -> None:
    """Two CheckResults say the same: problems (text and rows), files, network."""
    assert [(p.file, p.row, p.column, str(p)) for p in a.errors] == \
        [(p.file, p.row, p.column, str(p)) for p in b.errors]
    assert [(p.file, p.row, p.column, str(p)) for p in a.warnings] == \
        [(p.file, p.row, p.column, str(p)) for p in b.warnings]
    assert a.files == b.files
    if a.network is None:
        assert b.network is None
        return
    na, nb = a.network, b.network
    pd.testing.assert_frame_equal(na.actors.sort_index(), nb.actors.sort_index())
    assert na.site_names == nb.site_names
    assert na.n_interactions == nb.n_interactions
    assert na.period == nb.period and na.timezone == nb.timezone
    views = [{}, {"weight": "duration"}, {"weight": "decayed"}, {"directed": True},
             {"end": "2024-09-15"}]
    views += [{"site": s} for s in na.sites]
    for view in views:
        ga, gb = na.graph(**view), nb.graph(**view)
        ea = {e[:2]: e[2] for e in ga.edges(data=True)}
        eb = {e[:2]: e[2] for e in gb.edges(data=True)}
        assert ea.keys() == eb.keys(), view
        for key, da in ea.items():
            db = eb[key]
            assert da.keys() == db.keys()
            for k in da:
                if isinstance(da[k], float):
                    assert da[k] == pytest.approx(db[k], rel=1e-12), (view, key, k)
                else:
                    assert da[k] == db[k], (view, key, k)
        sa, sb = summary(ga), summary(gb)
        for k in sa:
            assert (math.isnan(sa[k]) and math.isnan(sb[k])) if isinstance(sa[k], float) \
                and math.isnan(sa[k]) else sa[k] == pytest.approx(sb[k], rel=1e-12), k


def both(paths, rows=3, **options):
    whole = check_contacts(paths, **options)
    parts = check_contacts_chunked(paths, chunk_rows=rows, above_mb=0, **options)
    same(whole, parts)
    return whole, parts


def test_error_in_a_later_chunk_and_warnings_across_chunks(tmp_path):
    lines = ["02/09/2024;Ada;Bea;Piazza Roma;Colloquio;10;",
             "02/09/2024;ada;Cy;Piazza Roma;Colloquio;;",
             "03/09/2024;Bea;BEA;Piazza Roma;Colloquio;5;",      # self-contact, chunk 1
             "04/09/2024;Cy;Dan;piazza roma;Telefonata;7;",
             "31/02/2024;Dan;Eva;Piazza Marconi;Telefonata;7;",  # no such date: chunk 2
             "05/09/2024;Eva;Eva;Piazza Marconi;;;",             # self-contact again
             "",                                                  # a blank line
             "06/09/2024;Fil;Eva;Piazza Marconi;Incontro;abc;",  # not minutes
             "07/09/2024;Caffè Po;Gio;Piazza Marconi;Incontro;12;",
             "08/09/2024;Gio;Fil;Piazza Roma;Incontro;3;"]
    path = write(tmp_path / "log.csv", lines)
    for rows in (1, 2, 3, 4, 100):
        whole, parts = both(path, rows)
    rows_with_errors = [p.row for p in whole.errors]
    assert rows_with_errors == [6, 9]
    # without the bad rows the file reads, and the self-contacts are warned
    good = write(tmp_path / "good.csv", [ln for k, ln in enumerate(lines) if k not in (4, 7)])
    whole, parts = both(good, 2)
    assert [p.row for p in whole.warnings] == [4, 6]
    assert parts.network.actors.loc["caffè po", "name"] == "Caffè Po"
    assert parts.network.interactions["n"].sum() == len(whole.network.interactions)


def test_quoted_line_breaks_stay_in_their_record(tmp_path):
    lines = ['02/09/2024;Ada;Bea;Piazza Roma;Colloquio;10;"first line\r\nsecond; line"',
             "03/09/2024;Bea;Cy;Piazza Roma;Colloquio;10;",
             '04/09/2024;Cy;Dan;Piazza Roma;Colloquio;10;"he said ""ok""\nthen left"',
             "05/09/2024;Dan;Dan;Piazza Roma;Colloquio;10;",
             "xx/09/2024;Dan;Eva;Piazza Roma;Colloquio;10;"]
    path = write(tmp_path / "quoted.csv", lines)
    header_end, cuts = _record_ends(path, 1)
    data = path.read_bytes()
    assert data[:header_end].decode("cp1252").startswith("Data;") and len(cuts) == 5
    assert all(data[c - 1:c] == b"\n" for c in cuts)
    for rows in (1, 2, 3):
        whole, _ = both(path, rows)
    assert [p.row for p in whole.errors] == [6]  # records, not lines, are rows


def test_meetings_and_other_files_read_whole(cremona_logs, cremona_registry):
    both(cremona_logs, 7, actors=cremona_registry)
    for log in cremona_logs:
        both(log, 5)


def test_encodings_that_differ_between_chunks(tmp_path):
    body = ["02/09/2024;Caffè;Bea;Piazza Roma;;;"] * 3 + ["03/09/2024;Bea;Cy;Po;;;"] * 3
    raw = (HEADER + "\n" + "\n".join(body[:3]) + "\n").encode("utf-8") + \
        ("\n".join(body[3:]) + "\n" + "04/09/2024;Perù;Cy;Po;;;\n").encode("cp1252")
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw)
    whole, _ = both(path, 2)
    assert whole.errors  # both routes say the file mixes two encodings


def test_dates_ambiguous_only_as_a_whole(tmp_path):
    lines = [f"12/{d:02d}/2024;Ada;Bea;Po;;;" for d in range(1, 13)]  # December, US style
    path = write(tmp_path / "us.csv", lines)
    whole, _ = both(path, 2)
    assert any("month-first" in p.reason for p in whole.warnings)
    both(path, 2, dayfirst=True)
    lines[-1] = "25/12/2024;Ada;Bea;Po;;;"  # one value reads day-first only, in the last chunk
    whole, _ = both(write(tmp_path / "it.csv", lines), 2)
    assert not any("month-first" in p.reason for p in whole.warnings)


def test_header_problems_are_said_once(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("Data;Attore 1;Attore 2;Nota;Nota\n" +
                    "02/09/2024;Ada;Bea;x;y\n" * 5, encoding="utf-8")
    whole, _ = both(path, 2)
    assert len(whole.errors) == 1


names = st.sampled_from(["Ada", "ADA", "Bea", "Cy", "Dan", "Caffè Po", "caffè  po", ""])
dates = st.sampled_from(["02/09/2024", "15/09/2024", "01/10/2024", "31/09/2024", ""])
sites = st.sampled_from(["Piazza Roma", "piazza roma", "Po", ""])
minutes = st.sampled_from(["", "5", "12", "x", "1.500"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(dates, names, names, sites, minutes), min_size=1, max_size=14),
       st.integers(1, 5), st.booleans())
def test_random_logs(tmp_path, records, rows, registry):
    lines = [";".join([d, a, b, s, "Colloquio", m, ""]) for d, a, b, s, m in records]
    path = write(tmp_path / "random.csv", lines)
    actors = None
    if registry:
        actors = tmp_path / "actors.csv"
        actors.write_text("Nome;Tipo;Settore\nAda;Residente;health\nCy;Polizia locale;police\n"
                          "Eva;Associazione;\n", encoding="utf-8")
    both(path, rows, actors=actors)


def test_chunked_decides_by_size(tmp_path):
    path = write(tmp_path / "log.csv", ["02/09/2024;Ada;Bea;Po;;;"])
    assert chunked([path], above_mb=0) and not chunked([path])
    assert not chunked([tmp_path / "missing.csv"], above_mb=0)


def test_commands_say_the_same_in_chunks(tmp_path, monkeypatch, cremona_logs,
                                         cremona_registry):
    contacts = cremona_logs[2]
    runner = CliRunner()
    outs = []
    for env in ({}, {"RETERETE_CHUNK_MB": "0", "RETERETE_CHUNK_ROWS": "17"}):
        for k in ("RETERETE_CHUNK_MB", "RETERETE_CHUNK_ROWS"):
            monkeypatch.delenv(k, raising=False)
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        got = []
        for cmd in (["summary", str(contacts), "--json"],
                    ["summary", *map(str, cremona_logs), "--actors", str(cremona_registry),
                     "--from", "2024-10", "--json"],
                    ["check", str(contacts), "--json"],
                    ["timeline", str(contacts), "--json"]):
            result = runner.invoke(app, cmd)
            assert result.exit_code == 0, result.output
            got.append(json.loads(result.output))
        outs.append(got)
    assert outs[0] == outs[1]


def test_compacted_interactions_are_small(tmp_path):
    lines = [f"{d:02d}/09/2024;Ada;Bea;Po;Colloquio;{d};" for d in range(1, 29) for _ in "abc"]
    path = write(tmp_path / "log.csv", lines)
    _, parts = both(path, 20)
    inter = parts.network.interactions
    assert 28 <= len(inter) <= 28 + 4  # one per day, two where a chunk ends inside a day
    assert int(inter["n"].sum()) == 84
    assert isinstance(inter["source"].dtype, pd.CategoricalDtype)
    assert np.all(np.diff(inter["date"].to_numpy().view(np.int64)) >= 0)


def test_self_contacts_name_the_actor_as_the_whole_log_does(tmp_path):
    # 'ada' is first written 'Ada' (in a self-contact, chunk 1), then 'ADA'
    lines = ["02/09/2024;Ada;ADA;Po;;;", "03/09/2024;ADA;Ada;Po;;;", "04/09/2024;ADA;Bea;Po;;;"]
    whole, _ = both(write(tmp_path / "self.csv", lines), 1)
    assert [p.value for p in whole.warnings] == ["Ada", "Ada"]
    assert whole.network.actors.loc["ada", "name"] == "Ada"
