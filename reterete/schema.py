"""Vocabulary: canonical column names and their aliases, actor kinds, layouts.

Everything here is data, in English and Italian, matched with
:func:`reterete.identity.fold_key` (no case, accents, spaces, ``_``, ``-``,
dots or text in brackets).
"""

from __future__ import annotations

from .identity import fold_key

__all__ = [
    "LAYOUTS", "CONTACT_COLUMNS", "ACTOR_REGISTRY_COLUMNS", "KINDS", "ACTIONS",
    "contact_column", "registry_column", "canonical_kind", "canonical_action", "parse_bool",
    "TEMPLATE_SHEETS", "is_template_sheet",
]

LAYOUTS = ("pairwise", "attendance", "worker")

#: canonical contact-log column -> accepted headers (English and Italian)
CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "data", "giorno", "data contatto", "data incontro", "day", "when",
             "quando", "data evento"),
    "time": ("time", "timestamp", "t", "datetime", "date time", "data e ora", "data ora",
             "ora", "orario", "unix time", "epoch", "ts", "time stamp", "dataora",
             "date and time"),
    "source": ("source", "i", "attore 1", "attore a", "da", "from", "actor a", "actor 1",
               "soggetto 1", "soggetto a", "chi"),
    "target": ("target", "j", "attore 2", "attore b", "a", "to", "con", "actor b", "actor 2",
               "soggetto 2", "soggetto b", "with"),
    "actor": ("actor", "attore", "partecipante", "soggetto", "participant", "persona",
              "contatto", "contact", "ente"),
    "participants": ("participants", "partecipanti", "presenti", "attendees", "attendance"),
    "event": ("event", "evento", "incontro", "riunione", "meeting"),
    "site": ("site", "luogo", "sito", "contesto", "area", "location", "place", "zona"),
    "kind": ("kind", "tipo", "tipo contatto", "azione", "type", "contact type", "attivita",
             "action", "tipologia"),
    "duration_min": ("duration_min", "durata", "minuti", "durata min", "duration",
                     "duration minutes", "minutes", "durata minuti"),
    "weight": ("weight", "peso", "intensita", "strength"),
    "recorded_by": ("recorded_by", "operatore", "rilevatore", "worker", "recorded by",
                    "educatore", "compilato da"),
    "note": ("note", "osservazioni", "notes", "commento", "commenti", "comment"),
}

#: canonical registry column -> accepted headers
ACTOR_REGISTRY_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nome", "attore", "actor", "soggetto", "denominazione"),
    "kind": ("kind", "tipo", "type", "tipologia", "categoria", "category"),
    "sector": ("sector", "settore", "ambito", "area"),
    "sites": ("sites", "luoghi", "siti", "site", "luogo", "contesti", "places"),
    "is_person": ("is_person", "persona", "person", "is person", "individuo"),
    "aliases": ("aliases", "alias", "altri nomi", "also known as"),
    "team": ("team", "staff", "equipe", "del progetto", "project staff"),
    "cost_hours": ("cost_hours", "ore", "costo ore", "cost hours", "hours", "ore necessarie"),
    # the registry's own kinds of actor (one or more a cell, ; or | between):
    # kinds it uses that reterete does not know are then kept without a warning
    "kinds": ("kinds", "tipi", "declared kinds", "tipi ammessi", "elenco tipi"),
}

#: canonical actor kind -> synonyms
KINDS: dict[str, tuple[str, ...]] = {
    "association": ("association", "associazione", "ass", "volontariato", "odv", "aps"),
    "educational_agency": ("educational_agency", "educational agency", "agenzia educativa",
                           "scuola", "school", "oratorio", "parrocchia", "parish", "istituto",
                           "cfp", "centro di aggregazione giovanile", "cag"),
    "opinion_leader": ("opinion_leader", "opinion leader", "leader di opinione"),
    "key_informant": ("key_informant", "key informant", "testimone privilegiato",
                      "informatore"),
    "neighbourhood_committee": ("neighbourhood_committee", "neighborhood committee",
                                "neighbourhood committee", "comitato di quartiere",
                                "comitato"),
    "institutional_service": ("institutional_service", "institutional service",
                              "servizio sociale", "servizio istituzionale", "servizi sociali",
                              "social services", "social service", "comune"),
    "police": ("police", "local police", "polizia locale", "forze dell'ordine", "forze dell ordine",
               "polizia", "carabinieri", "vigili"),
    "third_sector": ("third_sector", "third sector", "terzo settore", "cooperativa",
                     "cooperativa sociale", "coop", "street education", "educativa territoriale"),
    "business": ("business", "esercizio commerciale", "negozio", "bar", "commerciante",
                 "shop", "attivita commerciale"),
    "resident": ("resident", "residente", "cittadino", "cittadina", "citizen", "abitante"),
    "other": ("other", "altro"),
}

#: canonical project action (contact kind) -> synonyms, after the proposal's timetable
ACTIONS: dict[str, tuple[str, ...]] = {
    "steering_board": ("steering_board", "steering board", "cabina di regia"),
    "integrated_team": ("integrated_team", "integrated team", "equipe integrata",
                        "equipe"),
    "context_analysis": ("context_analysis", "context analysis", "analisi di contesto",
                         "osservazione", "observation"),
    "network_mapping": ("network_mapping", "network mapping", "mappatura",
                        "mappatura e azioni di rete", "azioni di rete", "network action"),
    "territorial_presence": ("territorial_presence", "territorial presence",
                             "presidio dei territori", "presidio", "uscita", "street work"),
}


#: Helper sheets of ``reterete template`` workbooks (English, Italian): the
#: reader skips them, so a filled template reads its contacts sheet only.
TEMPLATE_SHEETS: dict[str, tuple[str, str]] = {
    "instructions": ("reterete instructions", "Istruzioni reterete"),
    "lists": ("reterete lists", "Elenchi reterete"),
    "keys": ("reterete keys", "Chiavi reterete"),
}


def is_template_sheet(name: object) -> bool:
    """Whether a sheet is one of a template's helper sheets (instructions, lists).

    >>> is_template_sheet("Istruzioni reterete"), is_template_sheet("Foglio1")
    (True, False)
    """
    key = fold_key(name)
    return any(key == fold_key(n) for names in TEMPLATE_SHEETS.values() for n in names)


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canon, aliases in table.items():
        for alias in (canon, *aliases):
            out.setdefault(fold_key(alias), canon)
    return out


_CONTACT_INDEX = _index(CONTACT_COLUMNS)
_REGISTRY_INDEX = _index(ACTOR_REGISTRY_COLUMNS)
_KIND_INDEX = _index(KINDS)
_ACTION_INDEX = _index(ACTIONS)


def contact_column(header: object) -> str | None:
    """Canonical contact-log column for a header, or None.

    Examples
    --------
    >>> contact_column("Data contatto"), contact_column("ATTORE_1"), contact_column("Durata (min)")
    ('date', 'source', 'duration_min')
    >>> contact_column("colour") is None
    True
    """
    return _CONTACT_INDEX.get(fold_key(header))


def registry_column(header: object) -> str | None:
    """Canonical registry column for a header, or None.

    >>> registry_column("Settore"), registry_column("Luoghi")
    ('sector', 'sites')
    """
    return _REGISTRY_INDEX.get(fold_key(header))


def canonical_kind(value: object) -> str | None:
    """Canonical actor kind for a value (English or Italian), or None if unknown.

    >>> canonical_kind("Comitato di Quartiere"), canonical_kind("Polizia Locale")
    ('neighbourhood_committee', 'police')
    """
    return _KIND_INDEX.get(fold_key(value))


def canonical_action(value: object) -> str | None:
    """Canonical project action for a contact kind, or None.

    >>> canonical_action("Cabina di regia")
    'steering_board'
    """
    return _ACTION_INDEX.get(fold_key(value))


_TRUE = {"yes", "y", "si", "s", "true", "t", "1", "vero", "x"}
_FALSE = {"no", "n", "false", "f", "0", "falso"}


def parse_bool(value: object) -> bool | None:
    """``yes/no``, ``sì/si/no``, ``true/false``, ``1/0``; None if not one of them.

    >>> parse_bool("Sì"), parse_bool("no"), parse_bool("maybe") is None
    (True, False, True)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = fold_key(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None
