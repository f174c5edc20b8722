"""The actor registry: columns in both languages, yes/no values, kinds,
aliases, and every problem named by row (expected values by hand)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from reterete.errors import IngestError
from reterete.ingest import read_actors


def test_registry_columns_in_italian(tmp_path):
    path = tmp_path / "attori.csv"
    path.write_bytes("Nome;Tipo;Settore;Luoghi;Persona;Alias;Equipe;Ore\n"
                     "Polizia Locale;polizia locale;sicurezza;Piazza Roma | Piazza Marconi;no;"
                     "PL;sì;2,5\n"
                     "Mario Rossi;Testimone privilegiato;;Piazza Roma;SI;;no;\n"
                     "Bar Roma;gelateria;commercio;;0;;;\n".encode("cp1252"))
    reg = read_actors(path)
    assert list(reg.index) == ["polizia locale", "mario rossi", "bar roma"]
    assert reg.loc["polizia locale", "sites"] == ("Piazza Roma", "Piazza Marconi")
    assert reg.loc["polizia locale", "aliases"] == ("PL",)
    assert reg.loc["polizia locale", "cost_hours"] == 2.5
    assert math.isnan(reg.loc["bar roma", "cost_hours"])
    assert reg["kind"].tolist() == ["police", "key_informant", "gelateria"]
    assert [bool(v) for v in reg["is_person"]] == [False, True, False]
    assert [w.row for w in reg.attrs["warnings"]] == [4]  # unknown kind kept, with a word


def test_registry_problems_by_row(tmp_path):
    frame = pd.DataFrame({"name": ["Ada", "ADA ", None, "Bea", "Cy"],
                          "is_person": ["yes", "no", "yes", "maybe", "no"],
                          "cost_hours": ["1", "2", "3", "4", "-1"]})
    with pytest.raises(IngestError) as info:
        read_actors(frame)
    got = sorted((p.row, p.column) for p in info.value.problems)
    assert got == [(3, "name"), (4, "name"), (5, "is_person"), (6, "cost_hours")]


def test_alias_naming_two_actors_or_an_actor(tmp_path):
    frame = pd.DataFrame({"name": ["Ada", "Bea", "Cy"], "aliases": ["A", "A", "Ada"]})
    with pytest.raises(IngestError) as info:
        read_actors(frame)
    assert sorted(p.value for p in info.value.problems) == ["A", "Ada"]


def test_registry_without_name_column():
    with pytest.raises(IngestError) as info:
        read_actors(pd.DataFrame({"colour": ["red"]}))
    assert info.value.problems[0].reason.startswith("has no name column")
