"""The table of docs/howto/communities.md: how the groups of the Cremona
example change with the resolution, made by running the code.

    .venv/bin/python examples/cremona/communities_table.py

writes ``communities_by_resolution.md`` (English) and
``communities_by_resolution.it.md`` (Italian) beside this file; the docs
include them, and tests/test_communities.py checks they are what this
script makes today.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
#: The resolutions shown, and the seed of every run.
RESOLUTIONS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0)
SEED = 0
#: The table's headings (documentation, written in both languages as the pages are).
HEAD = {"en": ("resolution", "groups", "actors in each group", "modularity at that resolution",
               "the largest group, by its most tied members"),
        "it": ("risoluzione", "gruppi", "attori in ciascun gruppo",
               "modularità a quella risoluzione", "il gruppo più grande, dai membri con più "
               "legami")}


def table(lang: str) -> str:
    """The Markdown table in ``lang`` ("en" or "it")."""
    from reterete.examples import cremona
    from reterete.i18n import format_decimal, language
    from reterete.ingest import read_contacts
    from reterete.metrics.communities import communities, group_name

    folder = cremona.bundled_dir()
    net = read_contacts([folder / cremona.FILES[k] for k in ("meetings", "diaries", "contacts")],
                        actors=folder / cremona.FILES["registry"])
    G = net.graph()
    with language(lang):
        head = HEAD[lang]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in RESOLUTIONS:
            found = communities(G, resolution=r, seed=SEED)
            sizes = [len(g) for g in found.groups]
            leaders = [str(G.nodes[a]["name"]) for a in found.table.loc[0, "leaders"]]
            lines.append("| " + " | ".join((
                format_decimal(r, 2), str(len(sizes)), ", ".join(map(str, sizes)),
                format_decimal(round(found.modularity, 2), 2),
                group_name(leaders, sizes[0]))) + " |")
    return "\n".join(lines) + "\n"


def paths() -> dict[str, Path]:
    return {"en": HERE / "communities_by_resolution.md",
            "it": HERE / "communities_by_resolution.it.md"}


if __name__ == "__main__":
    for lang, path in paths().items():
        path.write_text(table(lang), encoding="utf-8")
        print(path)
