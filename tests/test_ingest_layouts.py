"""Layouts, header languages and row-level errors: the exact network that
comes out, and every input row accounted for (expected values by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

from reterete.ingest import check_contacts, read_contacts


def write(tmp_path, text: str, name: str = "log.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edges(net) -> dict[tuple[str, str], int]:
    return {tuple(sorted((u, v))): c for u, v, c in net.graph().edges(data="count")}


def test_pairwise(tmp_path):
    net = read_contacts(write(tmp_path, "date,source,target,site,kind,duration_min\n"
                                        "2024-09-02,Ada,Bea,Piazza Roma,uscita,30\n"
                                        "2024-09-03,Bea,Ada,piazza  ROMA,uscita,15\n"
                                        "2024-09-03,Bea,Cy,,,\n"))
    assert edges(net) == {("ada", "bea"): 2, ("bea", "cy"): 1}
    assert net.sites == ["Piazza Roma"]
    assert net.graph(weight="duration")["ada"]["bea"]["weight"] == 45


def test_attendance_one_actor_per_row(tmp_path):
    net = read_contacts(write(tmp_path, "Data;Evento;Partecipante;Luogo\n"
                                        "15/09/2024;Cabina di regia;Ada;Piazza Roma\n"
                                        "15/09/2024;Cabina di regia;Bea;\n"
                                        "15/09/2024;Cabina di regia;Cy;\n"
                                        "22/09/2024;Cabina di regia;Ada;\n"
                                        "22/09/2024;Cabina di regia;Bea;\n"))
    # two events (event + date): a triangle, then Ada-Bea again
    assert edges(net) == {("ada", "bea"): 2, ("ada", "cy"): 1, ("bea", "cy"): 1}
    first = net.interactions[net.interactions["date"] == "2024-09-15"]
    assert set(first["site"]) == {"Piazza Roma"}


@pytest.mark.parametrize("sep", [";", "|"])
def test_attendance_participants_cell(tmp_path, sep):
    net = read_contacts(write(tmp_path, "date,meeting,participants\n"
                                        f"15/09/2024,Equipe,Ada{sep} Bea {sep}Cy\n"
                                        f"16/09/2024,Equipe,Ada{sep}Di\n"))
    assert edges(net) == {("ada", "bea"): 1, ("ada", "cy"): 1, ("bea", "cy"): 1,
                          ("ada", "di"): 1}


def test_worker(tmp_path):
    net = read_contacts(write(tmp_path, "Giorno,Operatore,Attore,Tipo\n"
                                        "15/09/2024,Edu Luca,Bar Roma,uscita\n"
                                        "16/09/2024,Edu Luca,Bar Roma,uscita\n"
                                        "16/09/2024,Edu Sara,Oratorio,uscita\n"))
    assert edges(net) == {("bar roma", "edu luca"): 2, ("edu sara", "oratorio"): 1}
    assert set(net.interactions["recorded_by"]) == {"edu luca", "edu sara"}


def test_forced_layout(tmp_path):
    path = write(tmp_path, "date,source,target,event\n15/09/2024,Ada,Bea,X\n")
    assert read_contacts(path, layout="pairwise").interactions["event"].tolist() == ["X"]
    result = check_contacts(path, layout="bogus")
    assert result.errors[0].reason.startswith("is not a layout")


@pytest.mark.parametrize("header", [
    "Data,Attore 1,Attore 2", "DATA,attore_1,ATTORE-2", "Data contatto,Attore A,Attore B",
    "date,source,target", "Date,From,To", "  Giorno ,Da,Con", "Data (gg/mm/aaaa),Actor A,Actor B",
    "dàta,Attore 1 [chi],attore 2", "Date,Actor_1,Actor-2",
])
def test_header_variations(tmp_path, header):
    net = read_contacts(write(tmp_path, header + "\n15/09/2024,Ada,Bea\n"))
    assert edges(net) == {("ada", "bea"): 1}


@pytest.mark.parametrize("header", [
    "Data;Evento;Attore;Luogo;Tipo;Durata (min);Note",
    "date;event;actor;place;contact type;duration minutes;notes",
    "Giorno;Riunione;Soggetto;Contesto;Azione;Minuti;Osservazioni",
])
def test_optional_columns_in_both_languages(tmp_path, header):
    net = read_contacts(write(tmp_path, header + "\n15/09/2024;E;Ada;Piazza Roma;Cabina;60;n\n"
                                        "15/09/2024;E;Bea;Piazza Roma;Cabina;60;n\n"))
    row = net.interactions.iloc[0]
    assert (row["site"], row["kind"], row["duration_min"], row["note"]) == (
        "Piazza Roma", "Cabina", 60.0, "n")


def test_errors_name_file_row_column_value(tmp_path):
    path = write(tmp_path, "Data,Attore 1,Attore 2,Durata\n"
                           "15/09/2024,Ada,Bea,30\n"
                           "09/15/2024,Ada,Bea,30\n"
                           "16/09/2024,,Bea,30\n"
                           "16/09/2024,Ada,Bea,-5\n"
                           "16/09/2024,Ada,Bea,mezz'ora\n")
    result = check_contacts(path)
    got = [(p.file, p.row, p.column, p.value) for p in result.errors]
    assert got == [("log.csv", 3, "Data", "09/15/2024"), ("log.csv", 4, "Attore 1", None),
                   ("log.csv", 5, "Durata", "-5"), ("log.csv", 6, "Durata", "mezz'ora")]
    assert result.network is None


def test_header_problems(tmp_path):
    result = check_contacts(write(tmp_path, "date,data,source,target,foo,foo\n1,2,3,4,5,6\n"))
    assert [(p.row, p.column) for p in result.errors][:2] == [(1, "data"), (1, "foo")]
    result = check_contacts(write(tmp_path, "colour,size\nred,1\n"))
    assert result.errors[0].reason.startswith("has no recognisable contact-log columns")
    result = check_contacts(write(tmp_path, "date,event\n15/09/2024,x\n"))
    assert result.errors[0].reason.startswith("lacks the column(s) actor")


def test_every_row_is_in_the_network_an_error_or_a_warning(tmp_path):
    path = write(tmp_path, "date,event,actor\n"
                           "15/09/2024,A,Ada\n"       # 2 tie
                           "15/09/2024,A,Bea\n"       # 3 tie
                           "15/09/2024,A,ada\n"       # 4 listed twice: warning
                           "16/09/2024,A,Cy\n"        # 5 alone: warning
                           "\n"                       # 6 blank: carries nothing
                           "17/09/2024,B,Di\n"        # 7 tie
                           "17/09/2024,B,Di \n"       # 8 listed twice -> B has one: warnings
                           "18/09/2024,C,Ed\n"        # 9 tie
                           "18/09/2024,C,Fa\n")       # 10 tie
    result = check_contacts(path)
    assert result.errors == []
    warned = {(p.row, p.reason.split(":")[0]) for p in result.warnings}
    assert warned == {(4, "is listed twice at the same event"),
                      (5, "has only one participant recorded"),
                      (7, "has only one participant recorded"),
                      (8, "is listed twice at the same event")}
    inter = result.network.interactions
    in_net = set(zip(inter["date"].dt.strftime("%d/%m/%Y"), inter["source"], strict=True))
    in_net |= set(zip(inter["date"].dt.strftime("%d/%m/%Y"), inter["target"], strict=True))
    assert in_net == {("15/09/2024", "ada"), ("15/09/2024", "bea"), ("18/09/2024", "ed"),
                      ("18/09/2024", "fa")}


def test_self_contacts_are_warned_and_left_out(tmp_path):
    result = check_contacts(write(tmp_path, "date,source,target\n15/09/2024,Ada,ADA \n"
                                            "15/09/2024,Ada,Bea\n"))
    assert [(p.row, p.value) for p in result.warnings] == [(2, "Ada")]
    assert list(result.network.interactions["row"]) == [3]


def test_several_files_and_dataframes_together(tmp_path):
    a = write(tmp_path, "date,source,target\n15/09/2024,Ada,Bea\n", "a.csv")
    b = pd.DataFrame({"date": ["2024-09-16"], "source": ["bea"], "target": ["Cy"]})
    net = read_contacts([a, b])
    assert edges(net) == {("ada", "bea"): 1, ("bea", "cy"): 1}
    assert set(net.interactions["file"]) == {"a.csv", "<table 2>"}


def test_optional_column_blank_on_some_rows_is_accepted(tmp_path):
    # Regression: a pairwise log with Operatore (recorded_by, optional in every
    # layout) empty on some rows was refused ("is empty: every contact needs
    # this") and nothing was imported. Only the layout's own columns must be filled.
    path = write(tmp_path, "Data;Attore 1;Attore 2;Operatore;Luogo\n"
                           "02/09/2024;Ada;Bea;Marta;Piazza Roma\n"
                           "03/09/2024;Bea;Cy;;Piazza Roma\n"
                           "04/09/2024;Cy;Dan;Marta;\n")
    result = check_contacts(path)
    assert result.errors == [] and result.network is not None
    net = read_contacts(path)
    assert edges(net) == {("ada", "bea"): 1, ("bea", "cy"): 1, ("cy", "dan"): 1}
    assert net.interactions["recorded_by"].isna().sum() == 1
    # attendance: recorded_by and site blank on a row are fine too
    net = read_contacts(write(tmp_path, "Data;Evento;Partecipante;Operatore\n"
                                        "15/09/2024;Cabina;Ada;Marta\n"
                                        "15/09/2024;Cabina;Bea;\n", name="a.csv"))
    assert edges(net) == {("ada", "bea"): 1}
    # the layout's own columns still may not be blank
    result = check_contacts(write(tmp_path, "Data;Operatore;Attore\n"
                                            "15/09/2024;;Ada\n", name="w.csv"))
    assert [(p.row, p.column) for p in result.errors] == [(2, "Operatore")]
