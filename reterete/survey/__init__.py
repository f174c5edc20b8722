"""Relational (roster) surveys: what partners say about each other, wave by wave.

Each organisation names its partners and rates each on trust and value
(PARTNER CPRM's instrument); reterete reads the answers as a directed network
per wave (:func:`read_survey`), scores them (:func:`wave_summary`,
:func:`actor_scores`, :func:`tie_scores`, :func:`scores_by`) and sets them
against the contact logs (:func:`agreement`, :func:`agreement_ties`).
"""

from __future__ import annotations

from .agreement import agreement, agreement_ties
from .read import (
    RATING_PREFIXES,
    SURVEY_COLUMNS,
    Survey,
    anonymize_survey,
    read_survey,
    survey_column,
    wave_words,
)
from .scores import actor_scores, scores_by, tie_scores, wave_summary

__all__ = ["Survey", "read_survey", "survey_column", "SURVEY_COLUMNS", "RATING_PREFIXES",
           "wave_summary", "actor_scores", "tie_scores", "scores_by", "agreement",
           "agreement_ties", "wave_words", "anonymize_survey"]
