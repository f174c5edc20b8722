"""An Excel contact log for workers to fill in, with drop-down lists.

:func:`write_template` writes a workbook whose first sheet has the columns
of a layout (``pairwise``, ``attendance`` or ``worker``) under headers that
:mod:`reterete.schema` recognises, in English or Italian, and data
validations on its rows: drop-down lists of the project's actors, sites,
kinds of contact and workers (:func:`template_lists`, from a registry or a
workspace), dates between 2000 and 2100 shown day-first, minutes as a
number. The lists live on a hidden sheet and are referenced by range, since
Excel caps an inline list at 255 characters. A second sheet explains, in the
chosen language, how to fill it in and check it.

The lists of actors, contact kinds and workers warn about a value not in
them but accept it after confirmation (a worker meets new people; ``reterete
check`` then lists it); dates and minutes refuse anything else. The reader
(:func:`reterete.read_contacts`) ignores the instructions and lists sheets,
recognised by their names (:data:`reterete.schema.TEMPLATE_SHEETS`).

LibreOffice Calc shows and keeps these lists when the file is saved again as
Excel 2007-365 (``.xlsx``).

References
----------
.. [1] XlsxWriter, "Working with Data Validation",
   https://xlsxwriter.readthedocs.io/working_with_data_validation.html
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .errors import InputError
from .schema import ACTIONS, LAYOUTS

if TYPE_CHECKING:
    from .network import Network

__all__ = ["write_template", "template_lists", "template_columns", "LIST_KEYS"]

#: The lists a template offers, in the order of the hidden sheet's columns.
LIST_KEYS = ("actors", "sites", "kinds", "workers")

#: Canonical columns of each layout, in the order of the template.
_COLUMNS = {
    "pairwise": ("date", "source", "target", "site", "kind", "duration_min", "recorded_by",
                 "note"),
    "attendance": ("date", "event", "actor", "site", "kind", "duration_min", "recorded_by",
                   "note"),
    "worker": ("date", "recorded_by", "actor", "site", "kind", "duration_min", "note"),
}
#: Which list each column offers.
_LIST_OF = {"source": "actors", "target": "actors", "actor": "actors", "site": "sites",
            "kind": "kinds", "recorded_by": "workers"}
_WIDTHS = {"date": 12, "note": 40, "duration_min": 14, "event": 24, "kind": 28, "site": 28}


def template_columns(layout: str = "pairwise") -> list[tuple[str, str]]:
    """``(canonical column, header)`` of a layout's template, headers in the
    language in force.

    Examples
    --------
    >>> from reterete.i18n import language
    >>> with language("it"):
    ...     [h for _, h in template_columns("worker")]
    ['Data', 'Operatore', 'Attore', 'Luogo', 'Tipo contatto', 'Durata (min)', 'Note']
    """
    from .i18n import pgettext

    if layout not in LAYOUTS:
        raise InputError(_layout_error(layout))
    headers = {
        "date": pgettext("column", "Date"), "source": pgettext("column", "Actor 1"),
        "target": pgettext("column", "Actor 2"), "actor": pgettext("column", "Actor"),
        "event": pgettext("column", "Meeting"), "site": pgettext("column", "Site"),
        "kind": pgettext("column", "Contact type"),
        "duration_min": pgettext("column", "Duration (min)"),
        "recorded_by": pgettext("column", "Worker"), "note": pgettext("column", "Notes"),
    }
    return [(c, headers[c]) for c in _COLUMNS[layout]]


def template_lists(*, registry: pd.DataFrame | None = None,
                   network: Network | None = None) -> dict[str, list[str]]:
    """The drop-down lists of a template: actors, sites, kinds of contact, workers.

    Parameters
    ----------
    registry : DataFrame, optional
        An actor registry as :func:`reterete.read_actors` returns it.
    network : Network, optional
        A workspace's network (:meth:`reterete.store.Workspace.network`):
        its actors, sites, kinds of contact and workers are added.

    Returns
    -------
    dict
        ``actors`` (names), ``sites``, ``kinds`` (the project's actions in
        the language in force, then the kinds already logged), ``workers``
        (team members who are persons, then the workers already logged);
        each sorted (kinds: actions first) without duplicates.

    Examples
    --------
    >>> reg = pd.DataFrame({"name": ["Ada", "Caritas"], "kind": ["third_sector", "association"],
    ...                     "sites": [("Piazza Roma",), ("Piazza Roma", "Via Po")],
    ...                     "is_person": [True, False], "team": [True, False]})
    >>> lists = template_lists(registry=reg)
    >>> lists["actors"], lists["sites"], lists["workers"]
    (['Ada', 'Caritas'], ['Piazza Roma', 'Via Po'], ['Ada'])
    """
    from .i18n import pgettext
    from .identity import normalize_name
    from .network import actors_table

    actors: dict[str, str] = {}
    sites: dict[str, str] = {}
    workers: dict[str, str] = {}
    kinds: dict[str, str] = {}
    labels = {"steering_board": pgettext("action", "Steering board"),
              "integrated_team": pgettext("action", "Integrated team"),
              "context_analysis": pgettext("action", "Context analysis"),
              "network_mapping": pgettext("action", "Network mapping and actions"),
              "territorial_presence": pgettext("action", "Presence in the area")}
    for action in ACTIONS:
        kinds.setdefault(normalize_name(labels[action]), labels[action])

    def add(target: dict[str, str], values: Iterable[object]) -> None:
        for v in values:
            if isinstance(v, str) and v.strip():
                target.setdefault(normalize_name(v), v.strip())

    tables = []
    if registry is not None and len(registry):
        tables.append(actors_table({}, registry))
    if network is not None:
        tables.append(network.actors)
        inter = network.interactions
        add(sites, network.site_names.values())
        from .schema import canonical_action

        logged = [k for k in pd.unique(inter["kind"].dropna()) if isinstance(k, str)]
        add(kinds, [k for k in logged if canonical_action(k) is None])
    for table in tables:
        add(actors, table["name"])
        for listed in table["sites"]:
            add(sites, listed)
        staff = table[table["team"].astype(bool) & table["is_person"].astype(bool)]
        add(workers, staff["name"])
    if network is not None:  # workers already logged, under their registry names
        logged = pd.unique(network.interactions["recorded_by"].dropna())
        add(workers, [network.name_of(normalize_name(w)) if isinstance(w, str) else w
                      for w in logged])
    action_keys = {normalize_name(v) for v in labels.values()}
    return {
        "actors": sorted(actors.values(), key=normalize_name),
        "sites": sorted(sites.values(), key=normalize_name),
        "kinds": [kinds[k] for k in kinds if k in action_keys]
        + sorted((v for k, v in kinds.items() if k not in action_keys), key=normalize_name),
        "workers": sorted(workers.values(), key=normalize_name),
    }


#: Rows of an Excel sheet (XLSX).
EXCEL_MAX_ROWS = 1_048_576


def write_template(path: str | os.PathLike[str], *, lists: dict[str, list[str]] | None = None,
                   layout: str = "pairwise", rows: int = 1000) -> Path:
    """Write the contact-log template, in the language in force.

    Parameters
    ----------
    path : path-like
        The ``.xlsx`` file (written atomically).
    lists : dict, optional
        :func:`template_lists`; without it only the kinds of contact of the
        project's actions are offered.
    layout : {"pairwise", "attendance", "worker"}
    rows : int
        Rows that get the drop-down lists and checks (the header is row 1).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "log.xlsx"
    >>> lists = {"actors": ["Ada", "Bea"], "sites": ["Piazza Roma"], "kinds": [],
    ...          "workers": ["Ada"]}
    >>> _ = write_template(out, lists=lists, rows=10)
    >>> ws = openpyxl.load_workbook(out).worksheets[0]
    >>> [c.value for c in ws[1]][:4], len(ws.data_validations.dataValidation) > 3
    (['Date', 'Actor 1', 'Actor 2', 'Site'], True)
    """
    import xlsxwriter

    from .i18n import _
    from .outputs import atomic_path
    from .schema import TEMPLATE_SHEETS

    if layout not in LAYOUTS:
        raise InputError(_layout_error(layout))
    if rows < 1:
        raise InputError(_("a template needs at least one row to fill in, not {rows}")
                         .format(rows=rows))
    if rows > EXCEL_MAX_ROWS - 1:  # the header takes the sheet's first row
        raise InputError(_("a template can have at most {most} rows to fill in (Excel's "
                           "limit is {limit} rows, the first holds the headers), not "
                           "{rows}").format(most=f"{EXCEL_MAX_ROWS - 1:,}",
                                            limit=f"{EXCEL_MAX_ROWS:,}", rows=f"{rows:,}"))
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(_("{path}: an Excel workbook's name ends in .xlsx").format(path=path))
    lists = template_lists() if lists is None else lists
    columns = template_columns(layout)
    names = TEMPLATE_SHEETS
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                              "strings_to_numbers": False,
                                              "strings_to_urls": False})
        header = book.add_format({"bold": True, "bg_color": "#E8EEF4", "bottom": 1})
        date_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
        text_fmt = book.add_format({"num_format": "@"})
        sheet = book.add_worksheet(_("Contacts"))
        guide = book.add_worksheet(names["instructions"][_lang_index()])
        hidden = book.add_worksheet(names["lists"][_lang_index()])

        # the lists, one column each, referenced by range
        refs: dict[str, str] = {}
        list_titles = {"actors": _("Actors"), "sites": _("Sites"),
                       "kinds": _("Kinds of contact"), "workers": _("Workers")}
        for j, key in enumerate(LIST_KEYS):
            values = list(lists.get(key, []))
            hidden.write_string(0, j, list_titles[key], header)
            for i, value in enumerate(values, start=1):
                hidden.write_string(i, j, str(value))
            hidden.set_column(j, j, 30)
            if values:
                col = xlsxwriter.utility.xl_col_to_name(j)
                refs[key] = f"='{hidden.name}'!${col}$2:${col}${len(values) + 1}"
        hidden.hide()

        last = rows  # zero-based last row with checks (row 1 is the header)
        for j, (canon, title) in enumerate(columns):
            sheet.write_string(0, j, title, header)
            width = max(len(title) + 2, _WIDTHS.get(canon, 24))
            if canon == "date":
                sheet.set_column(j, j, width, date_fmt)
                sheet.data_validation(1, j, last, j, {
                    "validate": "date", "criteria": "between",
                    "minimum": datetime(2000, 1, 1), "maximum": datetime(2100, 12, 31),
                    "error_title": _("Not a date"),
                    "error_message": _("Write a date, day first: 15/09/2024."),
                    "input_title": title, "input_message": _("Day first: 15/09/2024.")})
            elif canon == "duration_min":
                sheet.set_column(j, j, width)
                sheet.data_validation(1, j, last, j, {
                    "validate": "decimal", "criteria": ">=", "value": 0,
                    "error_title": _("Not a number of minutes"),
                    "error_message": _("Write the minutes as a number, e.g. 30.")})
            else:
                sheet.set_column(j, j, width, text_fmt)
                key = _LIST_OF.get(canon)
                if key in refs:
                    sheet.data_validation(1, j, last, j, {
                        "validate": "list", "source": refs[key], "ignore_blank": True,
                        "error_type": "warning", "error_title": _("Not in the list"),
                        "error_message": _("This name is not in the list. Keep it only if "
                                           "it is really new; check the spelling first.")})
        sheet.freeze_panes(1, 0)
        sheet.activate()
        _write_guide(guide, header, columns, layout)
        book.close()
    return path


# ---------------------------------------------------------------------------
def _lang_index() -> int:
    from .i18n import get_language

    return 1 if get_language() == "it" else 0


def _layout_error(layout: str) -> str:
    from .i18n import _

    return _("unknown layout {layout!r}: choose pairwise, attendance or worker").format(
        layout=layout)


def _write_guide(ws, header, columns: list[tuple[str, str]], layout: str) -> None:
    from .i18n import _

    intro = {
        "pairwise": _("One row is one contact between two actors."),
        "attendance": _("One row is one actor present at one meeting; everyone at the same "
                        "meeting on the same day is tied to everyone else."),
        "worker": _("One row is one contact between a worker and an actor."),
    }[layout]
    meaning = {
        "date": _("the day of the contact, day first (15/09/2024)"),
        "source": _("the first actor: choose from the list"),
        "target": _("the second actor: choose from the list"),
        "actor": _("the actor met: choose from the list"),
        "event": _("the name of the meeting (the same name and day make one meeting)"),
        "site": _("where it happened: choose from the list"),
        "kind": _("the kind of contact or project action: choose from the list"),
        "duration_min": _("how long it lasted, in minutes (a number)"),
        "recorded_by": _("who wrote the row: choose from the list"),
        "note": _("anything worth remembering; notes never appear in reports or pages"),
    }
    lines = [
        (_("How to fill in this contact log"), True),
        (intro, False),
        ("", False),
        (_("Columns"), True),
        *[(f"{title}: {meaning[canon]}", False) for canon, title in columns],
        ("", False),
        (_("Good to know"), True),
        (_("Keep the first row (the headers) as it is; add rows under it."), False),
        (_("The lists come from the actor registry: if someone new appears, write the name "
           "and add it to the registry too."), False),
        (_("Write each name always the same way: the lists help."), False),
        (_("When done, check the file: reterete check FILE --actors REGISTRY"), False),
        (_("LibreOffice: save the file again as Excel 2007-365 (.xlsx) to keep the lists."),
         False),
    ]
    ws.set_column(0, 0, 110)
    for i, (text, bold) in enumerate(lines):
        if text:
            ws.write_string(i, 0, text, header if bold else None)
