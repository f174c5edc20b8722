"""Scan what reterete shows a person for words of the other language and for
internal codes (issue 21).

A reusable helper: a test renders some output (a command's screen, a file it
wrote, a page of the app) and hands the texts to :func:`assert_speaks`::

    from lang_scan import assert_speaks, text_of

    outputs = {"summary screen": result.stdout, "report": text_of(tmp_path / "r.html")}
    assert_speaks(outputs, "it")

Each language has a list of words that must not appear in the other
(:data:`ENGLISH`, :data:`ITALIAN`), and :data:`CODES` lists the internal codes
that must appear in neither (snake_case keys such as ``third_sector`` or
``p_value``, enum values such as ``not engaged``). What a person types is not a
foreign word: option names (``--actors``), command names after ``reterete``,
file names and paths, environment variables, and the values an option takes
(:data:`TYPED`) are taken out first (:func:`strip_typed`).

To add outputs from another part of reterete (sentences, dates, the app's
pages), render them and call :func:`assert_speaks`; to allow a word that is
right in one output (a product name, a value the user types), pass
``allow={...}``. :func:`find_foreign` returns the findings with their context,
for a test of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["ENGLISH", "ITALIAN", "CODES", "TYPED", "find_foreign", "assert_speaks",
           "strip_typed", "text_of"]

#: English words no Italian output may contain (whole words, case-sensitive)
ENGLISH = (
    "Usage", "Options", "Arguments", "Commands", "Show this message", "Try", "Error",
    "Errors", "Warning", "error", "errors", "warning", "warnings", "row", "rows", "column",
    "columns", "the", "and", "of", "with", "is", "are", "was", "were", "for", "from", "this",
    "that", "which", "not", "actors", "actor", "ties", "tie", "contacts", "contact",
    "degree", "betweenness", "closeness", "density", "written", "Table", "Workbook",
    "Summary", "Centrality", "Antennas", "Comparison", "Timeline", "sheet", "none",
    "engaged", "fading", "default", "required", "key", "figure", "value", "name", "kind",
    "sector", "site", "sites", "reason", "level", "period", "start", "end", "change",
    "Nothing", "Erase", "Erased", "yes", "Person", "Site", "Event", "Registry", "registry",
    "workspace", "Imported", "new", "left out", "already present", "when", "action",
    "detail", "file not found", "Missing", "Invalid", "Aborted", "unexpected",
    "community", "participation", "group", "groups", "wave", "trust", "respondent",
    "respondents", "frequency", "reciprocated",
)

#: Italian words no English output may contain
ITALIAN = (
    "riga", "righe", "colonna", "colonne", "errore", "errori", "avviso", "avvisi",
    "attori", "legami", "contatti", "periodo", "Opzioni", "Uso", "Argomenti", "Comandi",
    "predefinito", "predefinita", "obbligatorio", "Errore", "nessuno", "della", "degli",
    "sono", "è", "non", "grado", "settore", "Persona", "Luogo", "scritta", "scritto",
    "Tabella", "Riepilogo", "Cartella", "cancellato", "Cancellati", "archivio",
    "anagrafica", "misura", "valore", "variazione", "intermediazione", "vicinanza",
    "densità", "Mostra", "aiuto", "esce", "nuovi", "già", "presenti",
)

#: internal codes: JSON keys and values that are not words
CODES = (
    "third_sector", "educational_agency", "key_informant", "opinion_leader",
    "institutional_service", "neighbourhood_committee", "not engaged", "p_value",
    "p_value_all", "mean_degree", "cost_hours", "ei_index", "ci_low", "ci_high",
    "struttura: pairwise", "layout: pairwise", "steering_board", "integrated_team",
    "context_analysis", "network_mapping", "territorial_presence", "reach2",
    "reach_efficiency", "reach efficiency",
)

#: values a person types after an option (they are reterete's own vocabulary
#: on the command line, in both languages)
TYPED = frozenset({
    "pairwise", "attendance", "worker", "keep", "skip", "star", "gexf", "graphml", "csv",
    "kind", "sector", "site", "degree", "strength", "betweenness", "closeness", "harmonic",
    "eigenvector", "pagerank", "none", "en", "it", "summary", "hour", "day", "week",
    "month", "quarter", "community",
})

_SNAKE = re.compile(r"(?<![\w./\\-])[a-z]+(?:_[a-z]+)+(?![\w./\\-]|\.\w)")
_TYPED_ALT = "|".join(sorted(TYPED, key=len, reverse=True))
_OPTION = re.compile(r"(?<![\w])--?[A-Za-z][\w-]*(?:[= ](?:" + _TYPED_ALT + r")\b)?")
_COMMAND = re.compile(r"\breterete (?:[a-z]+)(?: [a-z]+)?")
_PATHLIKE = re.compile(r"\S*[/\\]\S*|\b[\w.-]+\.(?:csv|xlsx|ods|html|json|db|gexf|graphml|"
                       r"parquet|txt|pdf|md)\b|\bRETERETE_\w+|\bhttps?://\S+")


def strip_typed(text: str, *, help_text: bool = False) -> str:
    """``text`` without what a person types: paths and file names, environment
    variables, addresses, ``reterete COMMAND``, option names (with a value
    that follows them); in a ``--help`` text also the list of commands and
    the option values of :data:`TYPED`."""
    text = _PATHLIKE.sub(" ", text)
    text = _COMMAND.sub(" ", text)
    text = _OPTION.sub(" ", text)
    if help_text:
        lines = []
        in_commands = False
        for line in text.splitlines():
            if line.rstrip().endswith(":") and not line.startswith(" "):
                in_commands = line.strip() in ("Commands:", "Comandi:")
            elif in_commands and line.startswith("  "):
                line = re.sub(r"^\s+[a-z]+", " ", line)
            lines.append(line)
        text = "\n".join(lines)
        text = re.sub(r"\b(" + "|".join(sorted(TYPED, key=len, reverse=True)) + r")\b", " ",
                      text)
    return text


def find_foreign(text: str, lang: str, *, allow: Iterable[str] = (),
                 help_text: bool = False) -> list[str]:
    """Words of the other language and internal codes in ``text`` (``lang`` is
    the language it should speak), each with a little context."""
    allow = set(allow)
    text = strip_typed(text, help_text=help_text)
    for word in sorted(allow, key=len, reverse=True):
        text = text.replace(word, " ")
    words = ENGLISH if lang == "it" else ITALIAN
    found = []
    for word in (*words, *CODES):
        pattern = re.compile(r"(?<![\w'])" + re.escape(word) + r"(?![\w'])")
        for match in pattern.finditer(text):
            found.append(_context(text, match, word))
    for match in _SNAKE.finditer(text):
        if match.group(0) not in CODES:
            found.append(_context(text, match, match.group(0)))
    return found


def assert_speaks(outputs: Mapping[str, str], lang: str, *, allow: Iterable[str] = (),
                  help_text: bool = False) -> None:
    """Fail, naming each output and word, when an output holds a word of the
    other language or an internal code."""
    problems = {name: find_foreign(text, lang, allow=allow, help_text=help_text)
                for name, text in outputs.items()}
    problems = {name: found for name, found in problems.items() if found}
    assert not problems, f"not in {lang}:\n" + "\n".join(
        f"  {name}: " + " | ".join(found[:6]) for name, found in problems.items())


def _context(text: str, match: re.Match[str], word: str) -> str:
    a, b = max(0, match.start() - 30), min(len(text), match.end() + 30)
    return f"{word!r} in …{' '.join(text[a:b].split())}…"


def text_of(path: Path) -> str:
    """What a person reads in a file reterete wrote: a CSV's cells, every
    sheet of a workbook (its name and cells; hidden sheets, read by
    programs, left out), a page's text (scripts and styles left out), else
    the file's text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=False)
        parts = []
        for ws in book.worksheets:
            if ws.sheet_state != "visible":
                continue
            parts.append(ws.title)
            for row in ws.iter_rows(values_only=True):
                parts.extend(str(v) for v in row if isinstance(v, str))
            for validation in ws.data_validations.dataValidation:
                parts.extend(str(x) for x in (validation.promptTitle, validation.prompt,
                                              validation.errorTitle, validation.error) if x)
        return "\n".join(parts)
    if suffix in (".html", ".htm"):
        from html import unescape

        html = path.read_text(encoding="utf-8")
        html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
        html = re.sub(r"(?s)<!--.*?-->", " ", html)
        titles = " ".join(re.findall(r'(?:title|aria-label|placeholder|alt)="([^"]*)"', html))
        return unescape(re.sub(r"<[^>]+>", " ", html) + " " + titles)
    return path.read_text(encoding="utf-8-sig")
