"""The words of the network page and the report, as catalog messages.

Every label is an English message translated through the gettext catalog
(:mod:`reterete.i18n`), in the language in force when :func:`labels` is
called; month names come from Babel's locale data. The page's script gets
the same labels as JSON.
"""

from __future__ import annotations

from typing import Any

from ..i18n import _, month_name, ngettext, pgettext
from ..readable import figure_words

__all__ = ["labels", "kind_label"]


def labels() -> dict[str, Any]:
    """The page's and the report's words in the language in force."""
    out: dict[str, Any] = {
        "page_title": _("Network of contacts"),
        "report_title": _("Network evaluation report"),
        "search": _("Find a name"),
        "search_placeholder": _("Type part of a name"),
        "found": _("found"),
        # counts the page fills in itself: [singular, plural] (n == 1 takes the
        # first, in English and in Italian alike)
        "found_n": _forms(lambda n: ngettext("{n} found", "{n} found", n)),
        "status": _("Shown: {actors}, {ties}"),
        "status_actors": _forms(lambda n: ngettext("{shown} / {n} actor",
                                                   "{shown} / {n} actors", n)),
        "status_ties": _forms(lambda n: ngettext("{shown} / {n} tie", "{shown} / {n} ties", n)),
        "site": _("Site"),
        "all_sites": _("All sites"),
        "focus": _("Also show their contacts elsewhere"),
        "sector": _("Sector"),
        "all_sectors": _("All sectors"),
        "month": _("Month"),
        "all_months": _("All months"),
        "kinds": _("Kinds of actor"),
        "antenna": _("Antenna"),
        "size_by": _("Size: "),
        "width_by": _("Line width: strength of the tie"),
        "shown": _("shown"),
        "actors": _("actors"),
        "ties": _("ties"),
        "kind": _("Kind"),
        "sectors_word": _("Sector"),
        "sites_word": _("Sites"),
        "degree": _("Ties"),
        "last_contact": _("Last contact"),
        "first_contact": _("First contact"),
        "contacts": _("contacts"),
        "minutes": _("min"),
        "unknown": _("not given"),
        "no_js": _("This page needs JavaScript to draw the network."),
        "reset": _("Show everything"),
        "sizes": {
            "degree": pgettext("size", "number of ties"),
            "strength": pgettext("size", "strength of ties"),
            "betweenness": pgettext("size", "betweenness (bridging)"),
            "closeness": pgettext("size", "closeness"),
            "eigenvector": pgettext("size", "eigenvector centrality"),
            "pagerank": pgettext("size", "PageRank"),
            "none": pgettext("size", "all alike"),
        },
        "kind_names": {
            "association": pgettext("kind", "Association"),
            "educational_agency": pgettext("kind", "Educational agency"),
            "opinion_leader": pgettext("kind", "Opinion leader"),
            "key_informant": pgettext("kind", "Key informant"),
            "neighbourhood_committee": pgettext("kind", "Neighbourhood committee"),
            "institutional_service": pgettext("kind", "Institutional service"),
            "police": pgettext("kind", "Local police"),
            "third_sector": pgettext("kind", "Third sector"),
            "business": pgettext("kind", "Business"),
            "resident": pgettext("kind", "Resident"),
            "other": pgettext("kind", "Other"),
            "": pgettext("kind", "Kind not given"),
        },
        "report": {
            "total": _("total"),
            "metric_names": figure_words(),
            "overview": _("The network at a glance"),
            "compare": _("Start and end compared"),
            "timeline": _("Month by month"),
            "activity": _("Activity by kind of action and month"),
            "picture": _("Picture of the network"),
            "site": _("Site"),
            "brokers": _("Brokers across sectors"),
            "method": _("How to read this report"),
            "what": _("What"),
            "value": _("Value"),
            "measure": _("Measure"),
            "n_actors": _("Actors"),
            "n_team": _("Of which project staff"),
            "n_interactions": _("Interactions logged"),
            "n_sites": _("Sites"),
            "anonymized": _("Persons, sites, events and file names appear under "
                            "pseudonyms; notes and other free text are left out. "
                            "Organisations keep their names."),
            "start": _("Start"),
            "end": _("End"),
            "change": _("Change"),
            "interval": _("95% interval of the change"),
            "p_all": _("p (every actor)"),
            "p_common": _("p (actors in both windows)"),
            "one_month": _("The logs cover a single month: there is nothing to compare yet."),
            "no_data": _("No data for this part."),
            "month": _("Month"),
            "timeline_caption": _("Figures of each month's network (actors and ties with at "
                                  "least one contact that month)."),
            "activity_caption": _("Interactions logged, by kind of action (rows) and month "
                                  "(columns), like the project's timetable."),
            "action": _("Kind of action"),
            "picture_caption": _("The whole period; colour shows the kind of actor, size the "
                                 "number of ties, the most connected are named."),
            "name": _("Name"),
            "kind": _("Kind"),
            "sector": _("Sector"),
            "team": _("Staff"),
            "ties_here": _("Ties here"),
            "yes": _("yes"),
            "connectors": _("Who connects whom here: the actors most often on the shortest paths "
                            "between others at this site, and the groups they link."),
            "links": _("Links"),
            "betweenness": _("betweenness"),
            "roles": {
                "coordinator": pgettext("role", "coordinator"),
                "itinerant": pgettext("role", "itinerant"),
                "representative": pgettext("role", "representative"),
                "gatekeeper": pgettext("role", "gatekeeper"),
                "liaison": pgettext("role", "liaison"),
                "total": pgettext("role", "total"),
            },
            "no_connectors": _("Nobody here links actors who are not otherwise connected."),
            "antennas": _("Antennas"),
            "gain": _("Newly reached"),
            "reaches": _("Reaches"),
            "engage": _("Whom to engage next"),
            "score": _("Score"),
            "reasons": _("Why"),
            "nobody_to_engage": _("Every actor of this site is already engaged."),
            "gaps": _("Nobody on the team reaches these groups at this site"),
            "no_gaps": _("Every kind and sector present at this site has at least one actor "
                         "reached by the team."),
            "by": _("By"),
            "group": _("Group"),
            "actors_here": _("Actors here"),
            "reached_by_team": _("Reached by the team"),
            "brokers_text": _("Gould and Fernandez brokerage by sector: how often each actor is "
                              "the only link between two others, by the groups involved."),
            "method_text": [
                _("The figures describe the contacts that were logged, not every contact "
                  "that happened: a change in how much was logged looks like a change in "
                  "the network."),
                _("How the comparison was made: the intervals come from redrawing the "
                  "actors many times (bootstrap) and are cautious, wider than needed; the p "
                  "value comes from shuffling the same ties at random between the start and "
                  "the end many times (a permutation test), counting every actor and again "
                  "only the actors present in both periods."),
                _("Antennas are chosen so that together they reach as many of a site's "
                  "actors as possible within one step; recommendations weigh new reach, "
                  "bridging between sectors and how recently an actor was seen."),
            ],
            "who_is_here": _("Who is here"),
            "who_connects": _("Who connects whom"),
            "gaps_title": _("Gaps"),
        },
    }
    out["months"] = [month_name(m) for m in range(1, 13)]
    return out


def kind_label(kind: Any) -> str:
    """A kind of actor as people read it (``third_sector`` -> ``Terzo settore``);
    kinds reterete does not know are shown as written, missing ones as ``-``."""
    if kind is None or kind != kind or kind == "":
        return "-"
    names = labels()["kind_names"]
    return names.get(str(kind), str(kind).replace("_", " "))


def _forms(say: Any) -> list[str]:
    """A count's two forms in the language in force (``say(n)`` is an
    ``ngettext`` call), for the page's script to pick by its number
    (``n == 1``: the first)."""
    return [say(1), say(2)]

