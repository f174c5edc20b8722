"""``reterete demo``: the whole Cremona example, from bundled data to files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _, articled, at_place, format_decimal, format_percent
from ._common import (
    JsonOpt,
    LangOpt,
    app,
    console,
    emit,
    handle_errors,
    to_jsonable,
    write_csv,
)

__all__ = ["demo"]


@app.command()
@handle_errors
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path(
        "reterete-demo"),
    force: Annotated[bool, typer.Option(
        "--force", help="Write into the folder even if it already holds files (files of the "
                        "same name are replaced).")] = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Run the whole Cremona example and write its network page, report and tables."""
    import json

    from rich.progress import Progress

    from ..examples import cremona
    from ..ingest import check_contacts
    from ..outputs import write_atomic

    _prepare_folder(out, force=force)
    data = out / "data"
    data.mkdir(exist_ok=True)
    src = cremona.bundled_dir()
    written: list[Path] = []
    for name in cremona.FILES.values():
        written.append(write_atomic(data / name, (src / name).read_bytes()))
    logs = [data / cremona.FILES[k] for k in ("meetings", "diaries", "contacts")]
    registry = data / cremona.FILES["registry"]
    names = file_names()
    steps = _steps(out, lang, names)
    lines: list[str] = []
    with Progress(transient=True, disable=json_out) as progress:
        task = progress.add_task(_("Cremona example"), total=len(steps) + 1)
        result = check_contacts(logs, actors=registry)
        progress.advance(task)
        if not result.ok:  # the bundled data is clean; say so loudly if not
            from ..errors import IngestError

            raise IngestError(result.errors, result.warnings)
        net = result.network
        write_atomic(out / names["check"], json.dumps(to_jsonable({
            "ok": True, "files": result.files,
            "warnings": [p.to_dict() for p in result.warnings],
            "duplicates": result.duplicates()[["name_a", "name_b", "score"]]
            .to_dict(orient="records")}), ensure_ascii=False, indent=2))
        written.append(out / names["check"])
        for label, step in steps:
            progress.update(task, description=label)
            paths, said = step(net)
            written.extend(paths)
            lines.extend(said)
            progress.advance(task)
    payload = {"outputs": [str(p) for p in written], "summary": lines}
    emit(payload, json_out=json_out, lines=[
        _("Cremona example: {actors} actors, {interactions} interactions, {n} sites "
          "({sites}), September to December 2024.").format(
            actors=format_decimal(len(net.actors)),
            interactions=format_decimal(net.n_interactions), n=len(net.sites),
            sites=", ".join(net.sites)), *lines,
        "", _("Written into {folder}:").format(folder=out), *(f"  {p}" for p in written),
        "", _("Try the commands on the copied field files, for example:"),
        f"  reterete summary {' '.join(str(p) for p in logs)} --actors {registry}",
        f"  reterete survey {data / cremona.FILES['survey']} --actors {registry} "
        + " ".join(f"--logs {p}" for p in logs)])
    if not json_out:
        console.print(_("Open the network page and the report in a browser (they work "
                        "offline)."), markup=False)


def file_names() -> dict[str, str]:
    """The names of the demo's files in the language in force (``rete.html``,
    ``centralita.csv`` in Italian)."""
    from ..i18n import pgettext

    return {"check": pgettext("file name", "check.json"),
            "summary": pgettext("file name", "summary.json"),
            "timeline": pgettext("file name", "timeline.csv"),
            "centrality": pgettext("file name", "centrality.csv"),
            "antennas": pgettext("file name", "antennas_{site}.csv"),
            "antennas_hours": pgettext("file name", "antennas_{site}_{hours}h.csv"),
            "engage": pgettext("file name", "engage_next_{site}.csv"),
            "compare": pgettext("file name", "compare_sept_dec.csv"),
            "communities": pgettext("file name", "communities.csv"),
            "survey": pgettext("file name", "partner_survey.xlsx"),
            "page": pgettext("file name", "network.html"),
            "report": pgettext("file name", "report.html")}


def _prepare_folder(out: Path, *, force: bool) -> None:
    """Create ``out``; refuse a folder that already holds files unless ``force``."""
    from ..errors import InputError
    from ..i18n import _

    if out.exists() and not out.is_dir():
        raise InputError(_("cannot write the example into {folder}: it is a file, not a "
                           "folder.").format(folder=out))
    if out.is_dir() and not force and any(out.iterdir()):
        raise InputError(_("the folder {folder} already holds files, which the example would "
                           "replace. Choose a new or empty folder with --out, or add --force "
                           "to write into it anyway.").format(folder=out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError(_("cannot create the folder {folder}: a part of its path is a "
                           "file.").format(folder=out)) from None


def _steps(out: Path, lang: str | None, files: dict[str, str]):
    """The demo's steps, each (label, function(net) -> (paths, lines))."""
    from ..examples import cremona


    def summary(net):
        import json

        from ..metrics import summary as summarise

        figures = summarise(net.graph(), attr="sector")
        path = out / files["summary"]
        from ..outputs import write_atomic

        write_atomic(path, json.dumps(to_jsonable(figures), indent=2))
        return [path], [_("Whole period: {actors} actors, {ties} ties, density {density}, "
                          "E-I index by sector {ei}.").format(
            actors=figures["actors"], ties=figures["ties"],
            density=format_decimal(figures["density"], 3),
            ei=("+" if figures["ei_index"] > 0 else "") + format_decimal(figures["ei_index"], 2))]

    def timeline(net):
        from ..metrics import timeline as by_month

        table = by_month(net, freq="month")
        return [write_csv(table, out / files["timeline"])], []

    def centrality(net):
        from ..metrics import centrality as table_of

        table = table_of(net.graph())
        table.insert(0, "name", [net.name_of(a) for a in table.index])
        return [write_csv(table, out / files["centrality"])], []

    chosen: list[str] = []

    def antennas(net):
        from ..metrics.antennas import select_antennas

        paths, said = [], []
        # 284 educator hours over 4 months and 3 sites leave about 24 hours a
        # site a month; the hours plan spends half of that on keeping antennas.
        hours = round(cremona.BUDGET_HOURS / len(cremona.MONTHS) / len(cremona.SITES) / 2)
        for site in cremona.SITES:
            slug = site.lower().replace(" ", "_")
            plan = select_antennas(net, site, k=3, method="exact")
            chosen.extend(a for a in plan.selected if a not in chosen)
            paths.append(write_csv(plan.table(), out / files["antennas"].format(site=slug)))
            names = ", ".join(net.name_of(a) for a in plan.selected)
            said.append((_("Antennas {at_site}: {names} reach {share} of the site, the best "
                           "choice possible (checked).") if plan.optimal else
                         _("Antennas {at_site}: {names} reach {share} of the site.")).format(
                at_site=at_place(site), names=names,
                share=articled(format_percent(plan.coverage))))
            budget = select_antennas(net, site, budget_hours=hours, method="exact")
            paths.append(write_csv(budget.table(), out / files["antennas_hours"].format(
                site=slug, hours=hours)))
            said.append("  " + _("with {hours} hours a month instead: {names} ({share}).").format(
                hours=hours, names=", ".join(net.name_of(a) for a in budget.selected),
                share=format_percent(budget.coverage)))
        return paths, said

    def recommend(net):
        from ..metrics.recommend import recommend as rank

        paths = []
        for site in cremona.SITES:
            table = rank(net, site, n=5)
            slug = site.lower().replace(" ", "_")
            paths.append(write_csv(table, out / files["engage"].format(site=slug)))
        return paths, []

    def compare(net):
        from ..metrics.compare import compare as comparison

        result = comparison(net, start=("2024-09", "2024-09"), end=("2024-12", "2024-12"),
                            n_boot=1000, seed=1)
        return [write_csv(result.table, out / files["compare"])], list(result.lines())

    def communities(net):
        from ..metrics.communities import communities as find
        from .communities import _lines, actors_table, communities_payload

        G = net.graph()
        found = find(G, seed=1)
        payload = communities_payload(found, G)
        table = actors_table(found, G, kind=False)
        lines = _lines(found, payload)[:2]
        lines += ["  " + _("group {id}: {name}").format(id=g["id"] + 1, name=g["name"])
                  for g in payload["communities"][:5]]
        return [write_csv(table, out / files["communities"])], lines

    def survey(net):
        from ..excel import write_xlsx
        from ..i18n import pgettext
        from ..survey import (
            actor_scores,
            agreement,
            read_survey,
            tie_scores,
            wave_summary,
            wave_words,
        )

        data = out / "data"
        answers = read_survey(data / cremona.FILES["survey"],
                              actors=data / cremona.FILES["registry"])
        waves = wave_summary(answers)
        agree = agreement(answers, net)
        path = out / files["survey"]
        write_xlsx({pgettext("sheet", "Waves"): waves,
                    pgettext("sheet", "Actors"): actor_scores(answers),
                    pgettext("sheet", "Ties"): tie_scores(answers),
                    pgettext("sheet", "Agreement"): agree}, path)
        said = []
        for wave, row in waves.iterrows():
            said.append(_("Partner survey, wave {wave}: {respondents} organisations answered, "
                          "density {density}, reciprocity {reciprocity}, trust {trust} and "
                          "value {value} out of {top}; {share} of the ties reported or "
                          "logged appear in both.").format(
                wave=wave_words(wave), respondents=int(row["respondents"]),
                density=format_decimal(row["density"], 3),
                reciprocity=format_percent(row["reciprocity"]),
                trust=format_decimal(row["trust"], 2), value=format_decimal(row["value"], 2),
                top=answers.scale, share=articled(format_percent(agree.at[wave, "jaccard"]))))
        return [path], said

    def page(net):
        from ..viz import to_html

        path = out / files["page"]
        to_html(net, path, lang=lang, antennas=chosen)
        return [path], []

    def report(net):
        from ..survey import read_survey
        from ..viz import report_html

        path = out / files["report"]
        answers = read_survey(out / "data" / cremona.FILES["survey"],
                              actors=out / "data" / cremona.FILES["registry"])
        report_html(net, path, lang=lang, survey=answers)
        return [path], []

    return [(_("Summary"), summary), (_("Timeline"), timeline), (_("Centrality"), centrality),
            (_("Antennas"), antennas), (_("Whom to engage next"), recommend),
            (_("September vs December"), compare), (_("Communities"), communities),
            (_("Partner survey"), survey), (_("Network page"), page),
            (_("Report"), report)]
