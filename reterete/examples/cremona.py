"""The Cremona example: a seeded, synthetic replica of the city's project.

The project (DGR 2958/2024, Comune di Cremona, Sept-Dec 2024) works around
three sites (Piazza Roma, Piazza Marconi, Area verde via Orti Romani) with the
local police and its proximity agents, the social-services units the proposal
lists, the street-education cooperatives Cospes and Nazareth, and the
community: associations, schools and parishes, shops, opinion leaders, key
informants, neighbourhood committees. Its actions are a steering board
(cabina di regia), an integrated team (equipe integrata), context analysis,
network mapping and territorial presence; its budget 284 educator hours.

Every name here is invented. :func:`generate` returns the *truth* (who met
whom, when, where) and :func:`write` turns it into the files field workers
keep: Italian headers, ``;`` separators, Windows-1252, day-first dates, name
variants merged through the registry's aliases. The network grows and
integrates over the months: more community actors engaged, more joint police
and educator presence, more social-services units at the integrated team.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

__all__ = ["SITES", "MONTHS", "BUDGET_HOURS", "Truth", "generate", "write", "bundled_dir",
           "FILES", "SURVEY_WAVES", "survey_rows"]

SITES = ("Piazza Roma", "Piazza Marconi", "Area verde via Orti Romani")
MONTHS = ((2024, 9), (2024, 10), (2024, 11), (2024, 12))
BUDGET_HOURS = 284.0
SEED = 2024
FILES = {"registry": "registro_attori.csv", "meetings": "cabina_regia_equipe.csv",
         "diaries": "diari_educatori.csv", "contacts": "contatti.csv",
         "survey": "questionario_partner.csv"}
#: the partner survey's two waves: (date as written, month of the logs it faces)
SURVEY_WAVES = (("30/09/2024", 9), ("16/12/2024", 12))
_TRUST_ITEMS = ("Fiducia - affidabilità", "Fiducia - obiettivi condivisi",
                "Fiducia - apertura al confronto")
_VALUE_ITEMS = ("Valore - risorse", "Valore - competenze", "Valore - contatti con il "
                "territorio")

# kind -> sector (the boundaries the project wants crossed)
SECTOR = {
    "police": "Polizia Locale", "institutional_service": "Servizi sociali",
    "third_sector": "Educativa territoriale", "association": "Associazioni",
    "educational_agency": "Agenzie educative", "business": "Commercio",
    "opinion_leader": "Comunità", "key_informant": "Comunità",
    "neighbourhood_committee": "Comunità", "resident": "Comunità",
}
_KIND_IT = {
    "police": "Polizia locale", "institutional_service": "Servizio sociale",
    "third_sector": "Cooperativa", "association": "Associazione",
    "educational_agency": "Agenzia educativa", "business": "Esercizio commerciale",
    "opinion_leader": "Opinion leader", "key_informant": "Testimone privilegiato",
    "neighbourhood_committee": "Comitato di quartiere", "resident": "Residente",
}
_ACTION_IT = {
    "steering_board": "Cabina di regia", "integrated_team": "Equipe integrata",
    "context_analysis": "Analisi di contesto", "network_mapping": "Mappatura e azioni di rete",
    "territorial_presence": "Presidio dei territori",
}

# the community around each site: (name, kind, is_person, cost_hours, aliases)
_COMMUNITY = {
    "Piazza Roma": [
        ("Associazione Il Ponte", "association", False, 6, ()),
        ("Auser Cremona", "association", False, 4, ()),
        ("Liceo Manin", "educational_agency", False, 8, ()),
        ("Oratorio di Sant'Agata", "educational_agency", False, 5, ("Oratorio S. Agata",)),
        ("Bar Portici", "business", False, 3, ()),
        ("Edicola Piazza Roma", "business", False, 2, ()),
        ("Farmacia Centrale", "business", False, 3, ()),
        ("Giulia Ferrari", "opinion_leader", True, 4, ()),
        ("Marco Bianchi", "key_informant", True, 3, ()),
        ("Anna Galli", "key_informant", True, 3, ()),
        ("Comitato Centro Storico", "neighbourhood_committee", False, 6, ()),
        ("Paolo Rizzi", "resident", True, 2, ()),
    ],
    "Piazza Marconi": [
        ("Arci Cremona", "association", False, 5, ()),
        ("Caritas Cremonese", "association", False, 6, ()),
        ("Istituto Stradivari", "educational_agency", False, 8, ()),
        ("Parrocchia di San Pietro", "educational_agency", False, 5, ()),
        ("Gelateria Marconi", "business", False, 2, ()),
        ("Tabaccheria Il Torrazzo", "business", False, 2, ()),
        ("Luca Moretti", "opinion_leader", True, 4, ()),
        ("Sara Conti", "key_informant", True, 3, ()),
        ("Comitato Marconi-Cadorna", "neighbourhood_committee", False, 6, ()),
        ("Elena Fontana", "resident", True, 2, ()),
        ("Davide Greco", "resident", True, 2, ()),
    ],
    "Area verde via Orti Romani": [
        ("Polisportiva Cremona Nord", "association", False, 5, ()),
        ("Orti Sociali Cremona", "association", False, 4, ()),
        ("Scuola Media Vida", "educational_agency", False, 8, ()),
        ("Oratorio Cristo Re", "educational_agency", False, 5, ()),
        ("Supermercato Via Orti", "business", False, 3, ()),
        ("Pizzeria Ex Consorzio", "business", False, 2, ()),
        ("Roberto Villa", "opinion_leader", True, 4, ()),
        ("Chiara Lombardi", "key_informant", True, 3, ()),
        ("Francesca Costa", "key_informant", True, 3, ()),
        ("Comitato di Quartiere Cremona Nord", "neighbourhood_committee", False, 6,
         ("Comitato Cremona Nord",)),
        ("Giorgio Mancini", "resident", True, 2, ()),
        ("Laura Barbieri", "resident", True, 2, ()),
    ],
}

_POLICE = [("Polizia Locale - Comando", False), ("Agente Stefano Marini", True),
           ("Agente Valentina Serra", True), ("Agente Nicola Ferri", True)]
_SERVICES = ["Servizio Minori e Famiglie", "Servizio Inclusione Sociale", "Staff Abitare",
             "Inserimento Lavorativo", "Servizio Grave Marginalità",
             "POIS - Pronto Intervento Sociale"]
_COOPS = [("Cooperativa Cospes", ("Coop. Cospes",)), ("Cooperativa Nazareth", ("Coop. Nazareth",))]
# educators: name, cooperative, sites they cover
_EDUCATORS = [
    ("Educatrice Marta Pini", "Cooperativa Cospes", ("Piazza Roma", "Piazza Marconi")),
    ("Educatore Ivan Sala", "Cooperativa Cospes", ("Piazza Roma",)),
    ("Educatrice Irene Cattaneo", "Cooperativa Nazareth", ("Area verde via Orti Romani",)),
    ("Educatore Omar Bertoni", "Cooperativa Nazareth",
     ("Piazza Marconi", "Area verde via Orti Romani")),
]
_NOTES = ["gruppo di ragazzi segnalato la sera", "lamentele per rumore", "disponibile a "
          "collaborare", "chiede più presenza", "segnala spaccio vicino ai giardini", ""]


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    is_person: bool
    team: bool
    sites: tuple[str, ...] = ()
    cost_hours: float | None = None
    aliases: tuple[str, ...] = ()

    @property
    def sector(self) -> str:
        return SECTOR[self.kind]


@dataclass(frozen=True)
class Contact:
    """One interaction of the truth: who met whom (canonical names)."""

    day: date
    a: str
    b: str
    site: str | None
    action: str
    minutes: int
    event: str | None = None
    layout: str = "pairwise"


@dataclass
class Truth:
    """What happened, before any file is written."""

    actors: list[Actor]
    contacts: list[Contact] = field(default_factory=list)
    engaged_month: dict[str, int] = field(default_factory=dict)

    def actor(self, name: str) -> Actor:
        return next(a for a in self.actors if a.name == name)


def _actors() -> list[Actor]:
    out = [Actor(n, "police", p, True, SITES) for n, p in _POLICE]
    out += [Actor(n, "institutional_service", False, True) for n in _SERVICES]
    out += [Actor(n, "third_sector", False, True, SITES, aliases=al) for n, al in _COOPS]
    out += [Actor(n, "third_sector", True, True, s) for n, _, s in _EDUCATORS]
    for site, members in _COMMUNITY.items():
        out += [Actor(n, k, p, False, (site,), float(c), al) for n, k, p, c, al in members]
    return out


def _day(rng: np.random.Generator, year: int, month: int, weekday_only: bool = True) -> date:
    first = date(year, month, 1)
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    while True:
        d = first + timedelta(days=int(rng.integers(0, last)))
        if not weekday_only or d.weekday() < 5:
            return d


def generate(seed: int = SEED) -> Truth:
    """The truth of the example: actors and every contact, seeded.

    Examples
    --------
    >>> t = generate()
    >>> len(t.actors) > 40 and len(t.contacts) > 400
    True
    >>> {c.site for c in t.contacts if c.site} == set(SITES)
    True
    """
    rng = np.random.default_rng(seed)
    actors = _actors()
    truth = Truth(actors)
    agents = [n for n, p in _POLICE if p]
    # community members join the network month by month (30/55/75/90 %)
    share = (0.30, 0.55, 0.75, 0.90)
    for members in _COMMUNITY.values():
        order = rng.permutation(len(members))
        for rank, idx in enumerate(order):
            frac = rank / len(members)
            month = next((m for m, s in enumerate(share) if frac < s), None)
            if month is not None:
                truth.engaged_month[members[idx][0]] = month
    # fixed local ties inside each site's community (seen once either end is engaged)
    local: dict[str, list[tuple[str, str]]] = {}
    for site, members in _COMMUNITY.items():
        names = [m[0] for m in members]
        pairs = set()
        for n in names:
            for m in rng.choice([x for x in names if x != n], size=2, replace=False):
                pairs.add(tuple(sorted((n, str(m)))))
        local[site] = sorted(pairs)
    for m, (year, month) in enumerate(MONTHS):
        # steering board: police command and social-services heads, once a month
        board = ["Polizia Locale - Comando", "Servizio Minori e Famiglie",
                 "Servizio Inclusione Sociale", "Cooperativa Cospes", "Cooperativa Nazareth"]
        board += _SERVICES[2:2 + m]
        truth.contacts += _meeting(_day(rng, year, month), board, "steering_board",
                                   "Cabina di regia", 90)
        # integrated team every fortnight: educators, agents, services (growing)
        for half in (0, 1):
            day = date(year, month, 3 + 14 * half + int(rng.integers(0, 5)))
            team = [n for n, _, _ in _EDUCATORS] + agents[: 1 + m // 2 + half]
            team += _SERVICES[: 2 + m]
            truth.contacts += _meeting(day, team, "integrated_team", "Equipe integrata", 120)
        for site, members in _COMMUNITY.items():
            engaged = [n for n, *_ in members if truth.engaged_month.get(n, 99) <= m]
            educators = [e for e, _, s in _EDUCATORS if site in s]
            # diaries: educators meet engaged actors (context analysis, mapping, presence)
            for name in engaged:
                for _ in range(int(rng.integers(1, 4))):
                    action = str(rng.choice(["territorial_presence", "context_analysis",
                                             "network_mapping"], p=[0.5, 0.25, 0.25]))
                    truth.contacts.append(Contact(
                        _day(rng, year, month, False), str(rng.choice(educators)), name, site,
                        action, int(rng.choice([15, 20, 30, 45, 60])), layout="worker"))
            # police proximity agents with shops and informants
            for name, kind, *_ in members:
                if kind in ("business", "key_informant") and rng.random() < 0.6:
                    truth.contacts.append(Contact(
                        _day(rng, year, month), str(rng.choice(agents)), name, site,
                        "territorial_presence", 15))
            # joint presence of agents and educators grows over the months
            for _ in range(1 + 2 * m):
                truth.contacts.append(Contact(
                    _day(rng, year, month), str(rng.choice(agents)), str(rng.choice(educators)),
                    site, "territorial_presence", 60))
            # community ties, seen by workers once an end is engaged
            for a, b in local[site]:
                if min(truth.engaged_month.get(a, 99), truth.engaged_month.get(b, 99)) <= m \
                        and rng.random() < 0.7:
                    truth.contacts.append(Contact(
                        _day(rng, year, month, False), a, b, site, "network_mapping", 30))
            # the committee meets a social-services unit from November on
            if m >= 2:
                committee = next(n for n, k, *_ in members if k == "neighbourhood_committee")
                truth.contacts.append(Contact(
                    _day(rng, year, month), committee, _SERVICES[m - 1], site,
                    "network_mapping", 60))
    truth.contacts.sort(key=lambda c: (c.day, c.a, c.b))
    return truth


def _meeting(day: date, people: list[str], action: str, event: str, minutes: int
             ) -> list[Contact]:
    people = list(dict.fromkeys(people))
    return [Contact(day, a, b, None, action, minutes, event=event, layout="attendance")
            for i, a in enumerate(people) for b in people[i + 1:]]


# ----------------------------------------------------------------- field files
def _variant(name: str, actor: Actor, rng: np.random.Generator) -> str:
    """How a busy worker writes a name: an alias, odd case or spacing now and then."""
    r = rng.random()
    if actor.aliases and r < 0.4:
        return actor.aliases[int(rng.integers(0, len(actor.aliases)))]
    if r < 0.5:
        return name.upper()
    if r < 0.55:
        return "  " + name.replace(" ", "\u00a0", 1) + " "
    return name


def write(folder: str | Path, seed: int = SEED, truth: Truth | None = None) -> list[Path]:
    """Write the example's field files (Windows-1252, ``;``, day-first) into
    ``folder`` and return their paths."""
    truth = truth or generate(seed)
    rng = np.random.default_rng(seed + 1)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_name = {a.name: a for a in truth.actors}

    def name(n: str) -> str:
        return _variant(n, by_name[n], rng)

    out = []
    registry = [["Nome", "Tipo", "Settore", "Luoghi", "Persona", "Alias", "Team", "Ore"]]
    for a in truth.actors:
        registry.append([a.name, _KIND_IT[a.kind], a.sector, "; ".join(a.sites),
                         "sì" if a.is_person else "no", "; ".join(a.aliases),
                         "sì" if a.team else "no",
                         "" if a.cost_hours is None else f"{a.cost_hours:g}".replace(".", ",")])
    out.append(_write_csv(folder / FILES["registry"], registry))
    # attendance: one row per meeting with the participants in one cell
    meetings = [["Data", "Evento", "Partecipanti", "Luogo", "Azione", "Durata (min)"]]
    seen = {}
    for c in truth.contacts:
        if c.layout == "attendance":
            seen.setdefault((c.day, c.event, c.action, c.minutes), []).extend([c.a, c.b])
    for (day, event, action, minutes), people in seen.items():
        people = list(dict.fromkeys(people))
        meetings.append([day.strftime("%d/%m/%Y"), event, " | ".join(name(p) for p in people),
                         "", _ACTION_IT[action], str(minutes)])
    out.append(_write_csv(folder / FILES["meetings"], meetings))
    diaries = [["Data", "Operatore", "Attore", "Luogo", "Azione", "Durata (min)", "Note"]]
    contacts = [["Data", "Attore 1", "Attore 2", "Luogo", "Tipo contatto", "Durata (min)",
                 "Note"]]
    for c in truth.contacts:
        if c.layout == "attendance":
            continue
        # a two-digit year now and then, as people type it
        fmt = "%d/%m/%y" if rng.random() < 0.1 else "%d/%m/%Y"
        note = str(rng.choice(_NOTES))
        row = [c.day.strftime(fmt), name(c.a), name(c.b), c.site or "",
               _ACTION_IT[c.action], str(c.minutes), note]
        (diaries if c.layout == "worker" else contacts).append(row)
    out.append(_write_csv(folder / FILES["diaries"], diaries))
    out.append(_write_csv(folder / FILES["contacts"], contacts))
    out.append(_write_csv(folder / FILES["survey"], survey_rows(truth, seed)))
    return out


def survey_rows(truth: Truth, seed: int = SEED) -> list[list[str]]:
    """The partner survey (a PARTNER-style roster), header first: in September
    and December every organisation of the registry (persons are not asked)
    names its partners among the others and rates each on three trust and
    three value items (1-4), with how often they are in touch.

    Partners named follow the truth: organisations that met in the wave's month
    are likely named, those that met earlier less so, others of the same sector
    now and then, the rest rarely (some partnerships live outside the logs).
    Trust is higher within a sector and grows from September to December as
    the project integrates; a few ratings are left unanswered, a few
    organisations do not answer a wave, and some that answer name nobody.

    Examples
    --------
    >>> rows = survey_rows(generate())
    >>> rows[0][:4]
    ['Rispondente', 'Partner', 'Ondata', 'Frequenza']
    >>> {r[2] for r in rows[1:]} == {w for w, _ in SURVEY_WAVES}
    True
    """
    rng = np.random.default_rng(seed + 7)
    orgs = [a for a in truth.actors if not a.is_person]
    met: dict[int, dict[frozenset, int]] = {}
    for c in truth.contacts:
        met.setdefault(c.day.month, {})
        key = frozenset((c.a, c.b))
        met[c.day.month][key] = met[c.day.month].get(key, 0) + 1
    rows = [["Rispondente", "Partner", "Ondata", "Frequenza", *_TRUST_ITEMS, *_VALUE_ITEMS]]
    for k, (label, month) in enumerate(SURVEY_WAVES):
        now = met.get(month, {})
        before = {p for m, pairs in met.items() if m < month for p in pairs}
        for r in orgs:
            if not r.team and rng.random() > (0.8, 0.9)[k]:
                continue  # did not answer this wave
            named = []
            for o in orgs:
                if o is r:
                    continue
                pair = frozenset((r.name, o.name))
                p = (0.8 if pair in now else 0.45 if pair in before else
                     0.12 if o.sector == r.sector else 0.03)
                if rng.random() < p:
                    named.append(o)
            if not named:
                rows.append([r.name, "", label, "", *[""] * 6])
            for o in named:
                n = now.get(frozenset((r.name, o.name)), 0)
                often = ("settimanale" if n >= 3 else "mensile" if n >= 1 else
                         str(rng.choice(["trimestrale", "occasionale"])))
                base = (2.3, 2.9)[k] + (0.5 if o.sector == r.sector else 0.0) + (
                    0.3 if n else 0.0)
                worth = (2.2, 2.7)[k] + (0.4 if o.team else 0.0) + (0.3 if n else 0.0)
                ratings = [_rating(rng, base) for _ in _TRUST_ITEMS] + [
                    _rating(rng, worth) for _ in _VALUE_ITEMS]
                rows.append([r.name, o.name, label, often, *ratings])
    return rows


def _rating(rng: np.random.Generator, centre: float) -> str:
    """One 1-4 answer around ``centre``; now and then left empty."""
    if rng.random() < 0.05:
        return ""
    return str(int(np.clip(round(centre + rng.normal(0, 0.6)), 1, 4)))


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    from ..outputs import write_atomic

    write_atomic(path, buf.getvalue().encode("cp1252"))
    return path


def bundled_dir() -> Path:
    """The folder of the bundled example files (package data)."""
    from importlib.resources import files

    return Path(str(files("reterete.examples") / "data" / "cremona"))


if __name__ == "__main__":  # pragma: no cover
    import sys

    for p in write(sys.argv[1] if len(sys.argv) > 1 else bundled_dir()):
        print(p)
