"""The report's "What partners say" section: a roster survey beside the logs.

Per wave, the network partners describe (:func:`reterete.survey.wave_summary`:
who answered, ties named, density, reciprocity, mean trust and value); trust
and value received by the partners of each sector
(:func:`reterete.survey.scores_by`); the first wave against the last with
intervals and tests (:func:`reterete.survey.compare.compare_waves`); and, for
the waves dated in the logs' time, how many ties partners report and workers
logged (:func:`reterete.survey.agreement`). Only figures and sectors are
shown, never an organisation's or a person's name, so the section is the
same with ``anonymize``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError
from ..i18n import Figure, _, format_p_value

__all__ = ["survey_blocks"]


def survey_blocks(survey, network, *, n_boot: int, seed: int | None, L: dict[str, Any],
                  waves: tuple[str, str] | None = None) -> list:
    """The blocks of the section (see the module).

    ``waves`` are the start and end waves compared (default the first and the
    last); ``L`` is the report's words.
    """
    from ..survey import agreement, scores_by, wave_summary, wave_words
    from ..survey.compare import DIRECTED_METRICS, compare_waves
    from .report import Block, _interval, _metric, _table

    table = wave_summary(survey)
    blocks = [Block("p", _(
        "Each organisation named the partners it works with and rated each one's trust and "
        "value from 1 to {top}. Reciprocity is the share of named ties that the partner "
        "also names.").format(top=survey.scale))]
    blocks += _table(
        (_("wave"), _("organisations that answered"), _("ties named"), _("density"),
         _("reciprocity"), _("mean trust"), _("mean value")),
        [(wave_words(w), int(r["respondents"]), int(r["ties"]), Figure(r["density"], "density"),
          Figure(r["reciprocity"], "reciprocity"), Figure(r["trust"], "trust_mean"),
          Figure(r["value"], "value_mean")) for w, r in table.iterrows()])
    by = scores_by(survey)
    if len(by):
        blocks.append(Block("h", _("Trust and value received, by sector")))
        blocks += _table(
            (_("wave"), _("sector"), _("ties named"), _("mean trust"), _("mean value")),
            [(wave_words(r["wave"]), _sector(r["group"]), int(r["ties"]),
              Figure(r["trust"], "trust_mean"), Figure(r["value"], "value_mean"))
             for _i, r in by.iterrows()])
    if len(survey.waves) >= 2:
        first, last = waves or (survey.waves[0], survey.waves[-1])
        result = compare_waves(survey, first, last, n_boot=n_boot, seed=seed)
        blocks.append(Block("h", _("Wave {start} against wave {end}").format(
            start=wave_words(result.start), end=wave_words(result.end))))
        rows = []
        for key in DIRECTED_METRICS:
            r = result.table.loc[key]
            rows.append((_metric(key, L), Figure(r["start"], key), Figure(r["end"], key),
                         Figure(r["delta"], key, signed=True),
                         _interval(str(Figure(r["ci_low"], key, signed=True)),
                                   str(Figure(r["ci_high"], key, signed=True)))
                         if np.isfinite(r["ci_low"]) else "-",
                         format_p_value(r["p_value_all"])))
        blocks.append(Block("table", columns=(L.get("measure", _("figure")),
                                              L.get("start", _("start")),
                                              L.get("end", _("end")),
                                              L.get("change", _("change")),
                                              L.get("interval", _("interval")),
                                              L.get("p_all", "p")), rows=tuple(rows)))
        wanted = {_metric(k, L)[:1].upper() + _metric(k, L)[1:] for k in DIRECTED_METRICS}
        blocks += [Block("p", line) for line in result.lines()
                   if any(line.startswith(w) for w in wanted)]
        blocks.append(Block("note", result.lines()[-1]))
    try:
        agree = agreement(survey, network)
    except InputError as exc:
        blocks.append(Block("note", str(exc)))
    else:
        blocks.append(Block("h", _("What partners say and what workers logged")))
        blocks.append(Block("p", _(
            "For each wave, the ties partners report and the ties the logs hold in the "
            "wave's month between organisations of the survey (at least one of them having "
            "answered); the agreement is the share of the ties in either that are in both.")))
        blocks += _table(
            (_("wave"), _("reported"), _("logged"), _("in both"), _("agreement")),
            [(wave_words(w), int(r["reported"]), int(r["logged"]), int(r["both"]),
              Figure(r["jaccard"], "reciprocity")) for w, r in agree.iterrows()])
    return blocks


def _sector(group: str) -> str:
    return _("(no sector)") if group == "(unknown)" else group
