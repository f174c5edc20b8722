"""The reterete benchmark suite: one command, one table.

    python benchmarks/run.py            # everything, writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick    # small sizes, fewer runs, writes _data/RESULTS-quick.md
    python benchmarks/run.py --only read,graph   # steps whose id starts with these
    python benchmarks/run.py --only browser --merge  # re-measure rows into RESULTS.md
    python benchmarks/run.py --render   # rewrite RESULTS.md from the saved results

Browser rows (``browser_*``, not in ``--quick``) load the page in Debian's
Chromium through Playwright, a fresh browser per run, median of 3.

Every step runs in a fresh Python process (so its peak memory is its own and
no import is warm), times its code ``--repeat`` times (5 by default) and
reports the median, the peak resident memory of that process, and the ratio
to a reference measured in the same process, the same run. End-to-end rows
time the ``reterete`` command itself, process start included, and take the
peak memory of that process (GNU time's ``%M``; see :func:`run_waited`).

A step whose code has not landed yet says so in the table instead of failing.
Data come from ``benchmarks/generate.py`` (seeded) in ``benchmarks/_data/``
(gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

PY = sys.executable


# --------------------------------------------------------------------- steps
@dataclass(frozen=True)
class Step:
    id: str
    title: str
    target: str
    ref: str
    check: Callable[[dict], bool | None]  # result -> met? (None: not judged)
    quick: bool = True  # part of `--quick` (slow browser rows are not)


def _ratio_le(limit: float) -> Callable[[dict], bool | None]:
    return lambda r: None if r.get("ratio") is None else r["ratio"] <= limit


def _secs_le(limit: float) -> Callable[[dict], bool | None]:
    return lambda r: None if r.get("median") is None else r["median"] <= limit


STEPS = [
    Step("read_L", "read + validate + parse dates, L (day-first `;` cp1252 CSV)", "<= 2x",
         "`pyarrow.csv.read_csv` of the same file", _ratio_le(2.0)),
    Step("graph_L", "L -> weighted graph view (`net.graph()`)", "<= 0.6 s",
         "factorize + bincount floor", _secs_le(0.6)),
    Step("cli_summary_L", "`reterete summary` on L end to end, process start included",
         "<= 3x", "bare `python -c` importing pandas, reading the file with pyarrow",
         _ratio_le(3.0)),
    Step("cli_summary_S", "`reterete summary` on S end to end", "< 1.5 s", "same",
         _secs_le(1.5)),
    Step("summary_10M", "`reterete summary` on XL (L times ten: 10 million rows, 100k actors, "
         "790 MB day-first `;` cp1252 CSV) end to end", "in process, peak <= 3 GB", "",
         lambda r: None if r.get("peak_mb") is None else r["peak_mb"] <= 3072
         and r.get("route", "").startswith("in process"), quick=False),
    Step("centrality_10k", "centrality table, 10k actors", "<= 1.5x (and >= 20x faster "
         "than networkx)", "igraph called directly", lambda r: None if r.get("ratio") is None
         else r["ratio"] <= 1.5 and r.get("vs_networkx", 0) >= 20),
    Step("greedy_50k", "greedy antennas k=10, reach 2, 50k actors", "<= 1 s",
         "naive networkx", _secs_le(1.0)),
    Step("exact_500", "`exact` antennas, 500 candidates", "proven optimal < 10 s", "",
         lambda r: None if r.get("median") is None else r["median"] < 10 and
         bool(r.get("optimal"))),
    Step("exact_500_reach2", "`exact` antennas, 500 candidates, reach 2", "proven optimal "
         "< 10 s", "", lambda r: None if r.get("median") is None else r["median"] < 10 and
         bool(r.get("optimal"))),
    Step("cover_500", "fewest antennas reaching 90 % (`--cover 90% --exact`), 500 candidates",
         "proven fewest < 10 s", "the greedy (Wolsey), same problem",
         lambda r: None if r.get("median") is None else r["median"] < 10 and
         bool(r.get("optimal"))),
    Step("bootstrap_1000", "bootstrap 1,000 resamples, 2k actors", "<= 0.1 s",
         "rebuild-per-resample networkx", _secs_le(0.1)),
    Step("bootstrap_2000", "2,000 resamples, 2,000-actor pair of windows", "< 0.5 s", "",
         _secs_le(0.5)),
    Step("page_20k", "page for 20k actors written", "<= 0.6 s",
         "`json.dumps` of the same nodes and edges", _secs_le(0.6)),
    Step("page_5k", "page for 5k actors written", "(reported)", "same", lambda r: None),
    Step("page_1k", "page for 1k actors written", "(reported)", "same", lambda r: None),
    Step("browser_draw_1k", "page for 1k actors in Chromium: first drawn frame",
         "(reported)", "", lambda r: None, quick=False),
    Step("browser_stable_1k", "page for 1k actors in Chromium: layout stable", "(reported)",
         "", lambda r: None, quick=False),
    Step("browser_draw_5k", "page for 5k actors in Chromium: first drawn frame", "< 3 s",
         "", _secs_le(3.0), quick=False),
    Step("browser_stable_5k", "page for 5k actors in Chromium: layout stable", "(reported)",
         "", lambda r: None, quick=False),
    Step("memory_L", "peak memory, `reterete summary` on L end to end", "<= 1.5 GB", "",
         lambda r: None if r.get("peak_mb") is None else r["peak_mb"] <= 1536),
    Step("cli_import_summary_S", "CLI on a 5,000-row log: `import` + `summary`, imports "
         "included", "< 2 s", "", _secs_le(2.0)),
    Step("dask_L", "past one machine: L (Parquet, 10 row groups) read and aggregated on a "
         "2-worker Dask LocalCluster", "(reported)", "`read_contacts` in process",
         lambda r: None if "equal" not in r else bool(r["equal"])),
    Step("importtime", "`python -X importtime -c 'import reterete.cli'`", "(reported)", "",
         lambda r: None),
    Step("check_40k_actors", "`reterete check` of a pairwise log of 40k distinct person "
         "names (duplicate-name search included), end to end", "<= 10 s, <= 1 GB",
         "", lambda r: None if r.get("median") is None else r["median"] <= 10
         and r.get("peak_mb", 1e9) <= 1024),
    Step("check_stray_xlsx", "`reterete check` of a 5 KB XLSX with one stray cell at "
         "XFD1048576 (refused naming it), end to end", "<= 2 s", "",
         lambda r: None if r.get("median") is None else r["median"] <= 2
         and r.get("peak_mb", 1e9) <= 1024),
    Step("check_event_5000", "`reterete check` of one 5,000-participant event (named, "
         "refused before any pair is built), end to end", "<= 5 s, <= 1 GB", "",
         lambda r: None if r.get("median") is None else r["median"] <= 5
         and r.get("peak_mb", 1e9) <= 1024),
    Step("timeline_1900", "`reterete timeline` of S (a 2024 log) with one row dated 1900-01-01, "
         "end to end: `--freq hour` (1.1 million periods: refused with the grain that fits), "
         "`--freq month` (1,500 periods) and the default grain", "each <= 5 s", "",
         lambda r: None if r.get("median") is None else r["median"] <= 5
         and r.get("all_ok") is True),
    Step("export_40k", "`reterete export -o net.gexf` of a 40k-actor log (10 groups, mean degree "
         "10, 200k ties over a year), end to end, interleaved with `reterete centrality` of "
         "the same file", "<= 2x", "`reterete centrality --csv` of the same file, end to end",
         _ratio_le(2.0), quick=False),
    Step("forget_M", "`Workspace.forget` of one person in a workspace of M (100k rows): "
         "delete, blank the name out of all text, list other spellings, VACUUM and "
         "checkpoint", "< 5 s", "`VACUUM` + checkpoint of the same workspace alone",
         _secs_le(5.0)),
    Step("school_compare", "`reterete compare` day 1 vs day 5 of a 327-actor school week "
         "(~2,200 ties a day), every metric, 2,000 resamples, end to end", "<= 2x (and the "
         "comparison itself <= 1 s)", "`reterete summary` of the same file",
         lambda r: None if r.get("ratio") is None else r["ratio"] <= 2.0
         and r.get("inside", 99) <= 1.0),
    Step("school_report", "`reterete report` of the 327-actor school week, end to end",
         "<= 3 s", "", _secs_le(3.0)),
    Step("check_200k", "`reterete check` of a 200,000-row timestamp log (school generator)",
         "<= 2 s", "", _secs_le(2.0)),
    Step("app_pages", "`reterete app`: slowest page served (GET over HTTP, warm) on the "
         "Cremona workspace", "< 0.3 s", "", _secs_le(0.3)),
    Step("app_import_M", "`reterete app`: POST /api/import of M (100k rows) over HTTP, "
         "check + import + likely duplicates", "<= 1.5x", "`reterete import` of the same "
         "file, process start included", _ratio_le(1.5)),
    Step("app_contacts_10x100", "`reterete app`: POST /api/contacts, 10 clients logging 100 "
         "contacts each at once (a team workspace on the Cremona example, the app in its own "
         "process): p95 latency, then the workspace's `PRAGMA integrity_check`",
         "p95 < 200 ms, 1,000 stored, integrity ok", "",
         lambda r: None if r.get("median") is None else r["median"] < 0.2
         and r.get("stored_ok") is True and r.get("integrity") == "ok"),
    Step("rank_heavy_30k", "default `centrality` on a 30k-actor heavy-tailed graph "
         "(Barabasi-Albert, 3 ties per newcomer), interleaved with igraph's exact path "
         "measures", "exact top 20 of betweenness, >= 15 certain, <= 1/3 of the exact time",
         "exact betweenness + closeness + harmonic (igraph), same graph",
         lambda r: None if r.get("ratio") is None else r["ratio"] <= 1 / 3
         and r.get("overlap") == 20 and r.get("certain", 0) >= 15, quick=False),
    Step("rank_brokers_20k", "default `centrality` on 20k actors in 25 communities joined "
         "by 40 brokers, interleaved with igraph's exact path measures", "every actor "
         "missing from the top 20 within epsilon of the 20th, final epsilon <= 10 % of "
         "the 20th value, <= 1/3 of the exact time", "exact betweenness + closeness + "
         "harmonic (igraph), same graph",
         lambda r: None if r.get("ratio") is None else r["ratio"] <= 1 / 3
         and r.get("missing_within") is True and r.get("eps_share", 1) <= 0.1,
         quick=False),
    Step("rank_flat_20k", "default `centrality` on a flat 20k-actor block graph (10 "
         "groups, mean degree 10; issue 16's graph), interleaved with igraph's exact path "
         "measures", "says the top 20 cannot be ranked at this budget, <= 1/3 of the "
         "exact time", "exact betweenness + closeness + harmonic (igraph), same graph",
         lambda r: None if r.get("ratio") is None else r["ratio"] <= 1 / 3
         and r.get("flat_said") is True, quick=False),
    Step("rank_5k_bound", "approximate path measures on 5k actors, 3 seeds: largest error "
         "as a share of the stated bound", "<= 1 (every actor within epsilon)", "exact "
         "(igraph)", lambda r: None if r.get("worst_share") is None
         else r["worst_share"] <= 1.0),
    Step("summary_20k_igraph", "`reterete summary` of a 20k-actor log (100k ties), end to "
         "end", "<= 1.5x", "python-igraph reading the same file (pandas) and computing "
         "density, components, clustering and degree centralization, end to end",
         _ratio_le(1.5)),
    Step("oneoff_20k", "one-off constraint and degree of a 20k-actor log: read, tie table, "
         "`prepare_ties`, `constraint`, `degree`, in a fresh process", "<= 1.5x",
         "python-igraph: the same file read with pandas, a graph built, `constraint()`, "
         "`degree()`, in a fresh process", _ratio_le(1.5)),
    Step("communities_100k", "`rr.metrics.communities` (Leiden on modularity, groups "
         "described, participation) on 100k actors / 1M ties in 200 groups, from a networkx "
         "graph (conversion included), interleaved with the reference", "<= 2x",
         "python-igraph `community_leiden(objective_function='modularity', "
         "n_iterations=-1)` on an igraph graph built once", _ratio_le(2.0), quick=False),
    Step("survey_200x2", "a roster survey of 200 organisations x 2 waves (about 6,000 rows, "
         "`;` Windows-1252 CSV, 3 trust and 3 value items, with a registry) read, checked and "
         "scored: `read_survey`, `wave_summary`, `actor_scores`, `tie_scores`, `scores_by`",
         "<= 1 s", "", _secs_le(1.0)),
    Step("cheap_20k", "density, mean degree, centralization, constraint, eigenvector on 20k "
         "actors, repeated calls on one graph", "<= 1.5x", "python-igraph on an igraph "
         "graph built once (R igraph's C core)", _ratio_le(1.5)),
]


class NotLanded(Exception):
    """The code a step measures is not in the repository yet."""


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


PROFILE: list[str] = []  # filled when a worker runs with --profile


def measure(fn: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    """:func:`timed` for the code a row measures; with ``--profile``, one more
    call under pyinstrument whose top lines go into the report."""
    times, out = timed(fn, repeat)
    if PROFILE_ON:
        PROFILE.append(profile_text(fn))
    return times, out


PROFILE_ON = False


def profile_text(fn: Callable[[], object], min_share: float = 0.04, lines: int = 22) -> str:
    """pyinstrument's call tree of one call, frames above ``min_share`` only."""
    from pyinstrument import Profiler

    prof = Profiler(interval=0.001)
    prof.start()
    fn()
    prof.stop()
    text = prof.output_text(unicode=False, color=False, show_all=False)
    tree = [ln for ln in text.splitlines() if re.match(r"^[\s|`-]*\d+\.\d+ ", ln)]
    if not tree:
        return text
    total = float(re.match(r"^[\s|`-]*(\d+\.\d+)", tree[0])[1]) or 1.0
    keep = [ln for ln in tree if float(re.match(r"^[\s|`-]*(\d+\.\d+)", ln)[1])
            >= min_share * total]
    return "\n".join(keep[:lines])


def peak_mb() -> float:
    """This process's own peak resident set in MB.

    Linux's ``VmHWM`` belongs to the program since it started; ``ru_maxrss``
    also keeps the size of the process it was forked from (the runner, over a
    GB once it has generated the 10-million-row log), so it is the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------ in-process steps
def w_read_L(a) -> dict:
    from reterete.ingest import read_contacts

    files = generate.ensure(a.big)
    path = files["it_csv"]

    def arrow(p, enc):
        import pyarrow.csv as pc

        return pc.read_csv(p, read_options=pc.ReadOptions(encoding=enc),
                           parse_options=pc.ParseOptions(delimiter=";" if enc != "utf8"
                                                         else ","))

    ref_cpu, cpu = [], []
    ref, _ = timed(cpu_timed(lambda: arrow(path, "cp1252"), ref_cpu), a.repeat)
    utf8, _ = timed(lambda: arrow(files["iso_csv"], "utf8"), a.repeat)
    times, net = measure(cpu_timed(lambda: read_contacts(path), cpu), a.repeat)
    mine, theirs = statistics.median(cpu), statistics.median(ref_cpu)
    return {"times": times, "ref_times": ref,
            "notes": f"{len(net.interactions):,} rows; pyarrow on the UTF-8 ISO file of the "
                     f"same log: {statistics.median(utf8):.2f} s; CPU time (user + system, "
                     f"every thread) {mine:.2f} s vs pyarrow's {theirs:.2f} s "
                     f"({mine / theirs:.2f}x)"}


def cpu_timed(fn: Callable[[], object], cpus: list[float]) -> Callable[[], object]:
    """``fn``, appending the CPU time of each call (user + system, every
    thread of the process) to ``cpus``."""
    def run() -> object:
        before = resource.getrusage(resource.RUSAGE_SELF)
        out = fn()
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return out

    return run


def w_graph_L(a) -> dict:
    import numpy as np
    import pandas as pd

    from reterete.ingest import read_contacts
    from reterete.network import aggregate_ties

    net = read_contacts(generate.ensure(a.big)["parquet"])
    inter = net.interactions

    def floor():
        codes, uniq = pd.factorize(np.concatenate([inter["source"].to_numpy(object),
                                                   inter["target"].to_numpy(object)]))
        n = len(inter)
        lo = np.minimum(codes[:n], codes[n:]).astype(np.int64)
        hi = np.maximum(codes[:n], codes[n:]).astype(np.int64)
        tie, keys = pd.factorize(lo * len(uniq) + hi)
        return np.bincount(tie), keys

    ref, _ = timed(floor, a.repeat)
    agg, _ = timed(lambda: aggregate_ties(inter), a.repeat)
    times, G = measure(lambda: net.graph(), a.repeat)
    return {"times": times, "ref_times": ref,
            "notes": f"{G.number_of_nodes():,} actors, {G.number_of_edges():,} ties; "
                     f"`aggregate_ties` alone {statistics.median(agg):.2f} s"}


def _powerlaw(n: int, seed: int = 0):
    import networkx as nx

    return nx.powerlaw_cluster_graph(n, 4, 0.1, seed=seed)


def w_centrality_10k(a) -> dict:
    import igraph as ig
    import networkx as nx
    import numpy as np

    try:
        from reterete.metrics.centrality import centrality
    except ImportError as exc:
        raise NotLanded("reterete.metrics.centrality") from exc
    n = 10_000 if not a.quick else 2_000
    G = _powerlaw(n)

    def direct():
        edges = np.array(G.edges(), dtype=np.int64)
        g = ig.Graph(n=G.number_of_nodes(), edges=edges)
        return (g.degree(), g.betweenness(), g.closeness(), g.harmonic_centrality(),
                g.eigenvector_centrality(), g.pagerank())

    ref, _ = timed(direct, a.repeat)
    times, table = measure(lambda: centrality(G), a.repeat)
    # plain networkx: the O(nm) path measures from a sample of sources,
    # scaled to all n (each source costs the same BFS); the rest in full
    rng = np.random.default_rng(0)
    sample = [int(x) for x in rng.choice(n, size=100, replace=False)]
    t0 = time.perf_counter()
    nx.betweenness_centrality(G, k=100, seed=0)
    t_bet = (time.perf_counter() - t0) * n / 100
    t0 = time.perf_counter()
    for u in sample:
        nx.closeness_centrality(G, u=u)
    t_clo = (time.perf_counter() - t0) * n / 100
    t0 = time.perf_counter()
    nx.harmonic_centrality(G, nbunch=sample)
    t_har = (time.perf_counter() - t0) * n / 100
    t0 = time.perf_counter()
    nx.degree_centrality(G)
    nx.eigenvector_centrality(G, max_iter=1000)
    nx.pagerank(G)
    t_rest = time.perf_counter() - t0
    t_nx = t_bet + t_clo + t_har + t_rest
    med = statistics.median(times)
    return {"times": times, "ref_times": ref, "vs_networkx": t_nx / med,
            "notes": f"{n:,} actors; plain networkx ~{t_nx:.0f} s (betweenness, closeness, "
                     f"harmonic extrapolated from 100 sources): {t_nx / med:.0f}x slower; "
                     f"columns {', '.join(table.columns)}"}


def w_greedy_50k(a) -> dict:
    import networkx as nx
    import numpy as np

    try:
        from reterete.metrics.coverage import max_coverage
    except ImportError as exc:
        raise NotLanded("reterete.metrics.coverage") from exc
    n = 50_000 if not a.quick else 5_000
    G = _powerlaw(n)
    times, plan = measure(lambda: max_coverage(G, 10, hops=2), a.repeat)

    # naive networkx: every candidate's 2-hop ball by BFS, then 10 greedy
    # rounds over Python sets (timed on 2,000 candidates, scaled to n)
    m = min(n, 2_000)
    cand = np.random.default_rng(0).choice(n, size=m, replace=False)
    t0 = time.perf_counter()
    balls = {int(c): set(nx.single_source_shortest_path_length(G, int(c), cutoff=2))
             for c in cand}
    t_balls = (time.perf_counter() - t0) * n / m
    covered: set = set()
    for _ in range(10):
        best = max(balls, key=lambda c: (len(balls[c] - covered), -c))
        covered |= balls[best]
    t_naive = (time.perf_counter() - t0) * n / m
    # the issue's naive route re-runs the shortest paths of every candidate in
    # each of the 10 rounds: ten times the BFS work of the route above
    t_rounds = t_naive + 9 * t_balls
    med = statistics.median(times)
    return {"times": times, "ref_times": [t_naive],
            "notes": f"{n:,} actors; coverage {plan.coverage:.3f}; naive networkx with "
                     f"each 2-hop ball computed once ~{t_naive:.1f} s (BFS balls on {m:,} "
                     f"candidates, scaled): {t_naive / med:.0f}x slower; re-running the "
                     f"shortest paths per candidate per round ~{t_rounds:.0f} s: "
                     f"{t_rounds / med:.0f}x slower"}


def w_exact_500(a, hops: int = 1) -> dict:
    import numpy as np

    try:
        from reterete.metrics.coverage import max_coverage
    except ImportError as exc:
        raise NotLanded("reterete.metrics.coverage") from exc
    G = _powerlaw(2_000, seed=1)
    cand = [int(x) for x in np.random.default_rng(1).choice(2_000, size=500, replace=False)]
    greedy = max_coverage(G, 10, hops=hops, candidates=cand)
    times, plan = measure(lambda: max_coverage(G, 10, hops=hops, candidates=cand,
                                             method="exact", time_limit=10.0), a.repeat)
    tie = {True: "the tie-break among equal plans ended in time",
           False: "the tie-break among equal plans would not end in time",
           None: "no tie-break: not proven optimal"}[plan.parameters.get("canonical")]
    return {"times": times, "optimal": bool(plan.optimal),
            "notes": f"`powerlaw_cluster_graph(2000, 4, 0.1)`, all 2,000 actors targets, 500 "
                     f"random candidates, k=10, reach {hops}, HiGHS time limit 10 s: "
                     f"optimal={plan.optimal}, "
                     f"canonical={plan.parameters.get('canonical')} ({tie}), "
                     f"coverage {plan.coverage:.4f} (greedy {greedy.coverage:.4f}), "
                     f"bound {plan.bound:.4f}"}


def w_exact_500_reach2(a) -> dict:
    return w_exact_500(a, hops=2)


def w_cover_500(a) -> dict:
    import numpy as np

    try:
        from reterete.metrics.coverage import min_cover
    except ImportError as exc:
        raise NotLanded("reterete.metrics.coverage.min_cover") from exc
    G = _powerlaw(2_000, seed=1)
    cand = [int(x) for x in np.random.default_rng(1).choice(2_000, size=500, replace=False)]
    # 90 % of the actors that the 500 candidates can reach at all (reach 1)
    reachable = min_cover(G, 1.0, candidates=cand).parameters["reachable"]
    share = 0.9 * reachable / G.number_of_nodes()
    ref_times, greedy = measure(lambda: min_cover(G, share, candidates=cand), a.repeat)
    times, plan = measure(lambda: min_cover(G, share, candidates=cand, method="exact",
                                            time_limit=10.0), a.repeat)
    late = (" (the tie-break among equal plans would not end in time: the solver's "
            "plan, still proven fewest)")
    return {"times": times, "ref_times": ref_times, "optimal": bool(plan.optimal),
            "notes": f"`powerlaw_cluster_graph(2000, 4, 0.1)`, 500 random candidates, reach "
                     f"1, {share:.1%} of the 2,000 actors (90 % of the {reachable} the "
                     f"candidates reach): exact {len(plan.selected)} antennas, "
                     f"optimal={plan.optimal}, canonical={plan.parameters.get('canonical')}"
                     f"{'' if plan.parameters.get('canonical') else late}; "
                     f"greedy {len(greedy.selected)} (lower bound "
                     f"{greedy.parameters['fewest_bound']:g})"}


def _windows(a):
    from reterete.ingest import read_contacts

    net = read_contacts(generate.ensure("M")["parquet"], actors=generate.ensure("M")["registry"])
    return net.graph(end="2024-06"), net.graph(start="2024-07")


def _naive_bootstrap(Gs, Ge, n_boot: int) -> float:
    """Rebuild-per-resample networkx vertex bootstrap (Snijders & Borgatti):
    draw the actors with replacement, build each window's resampled graph
    with networkx (copies of a tied pair tied), compute density, mean degree
    and degree centralization; seconds for ``n_boot``, from 20 resamples."""
    import networkx as nx
    import numpy as np

    actors = sorted(set(Gs) | set(Ge), key=str)
    rng = np.random.default_rng(0)
    r = 20
    t0 = time.perf_counter()
    for _ in range(r):
        draw = rng.integers(0, len(actors), size=len(actors))
        for G in (Gs, Ge):
            copies: dict = {}
            for pos, i in enumerate(draw):
                if actors[i] in G:
                    copies.setdefault(actors[i], []).append(pos)
            H = nx.Graph()
            H.add_nodes_from(p for ps in copies.values() for p in ps)
            H.add_edges_from((i, j) for x, y in G.edges() if x in copies and y in copies
                             for i in copies[x] for j in copies[y])
            deg = np.array([d for _, d in H.degree()])
            n = len(deg)
            nx.density(H)
            deg.mean()
            (deg.max() - deg).sum() / ((n - 1) * (n - 2))
    return (time.perf_counter() - t0) * n_boot / r


def _bootstrap(a, n_boot: int) -> dict:
    import numpy as np

    try:
        from reterete.metrics import _bootstrap as bs
        from reterete.metrics.compare import compare_graphs, vertex_bootstrap
    except ImportError as exc:
        raise NotLanded("reterete.metrics.compare") from exc
    import networkx as nx

    Gs, Ge = _windows(a)
    fast = list(bs.FAST)
    order = sorted(set(Gs).union(Ge), key=str)
    index = {x: i for i, x in enumerate(order)}
    codes: dict = {}
    W_s = bs.window_data(nx.Graph(Gs), order, index, "sector", codes)
    W_e = bs.window_data(nx.Graph(Ge), order, index, "sector", codes)
    want = [m for m in fast if m != "actors"]
    times, _ = measure(lambda: vertex_bootstrap(W_s, W_e, n_boot, np.random.default_rng(0),
                                              want), a.repeat)
    whole, _ = timed(lambda: compare_graphs(Gs, Ge, n_boot=n_boot, seed=0, metrics=fast),
                     a.repeat)
    out = {"times": times,
           "notes": f"{Gs.number_of_nodes():,} + {Ge.number_of_nodes():,} actors "
                    f"({len(order):,} in either); the paired vertex-bootstrap resamples of "
                    f"{', '.join(want)} (`compare.vertex_bootstrap`); the whole "
                    f"`compare_graphs` on these metrics (adds 2 permutation tests of "
                    f"{n_boot:,} relabellings and the jackknife): "
                    f"{statistics.median(whole):.2f} s"}
    if n_boot == 1000:
        t_naive = _naive_bootstrap(Gs, Ge, n_boot)
        out["ref_times"] = [t_naive]
        out["notes"] += (f"; rebuild-per-resample networkx ~{t_naive:.0f} s (20 resamples "
                         f"scaled): {t_naive / statistics.median(times):.0f}x slower; "
                         f"`compare_graphs` with every metric (components, clustering): "
                         f"{_full(a)}")
    return out


def _full(a, limit: float = 120.0) -> str:
    """compare_graphs with every metric, once, in its own process, time-capped."""
    code = (f"import sys, time; sys.path.insert(0, {str(HERE)!r}); import run; "
            "from reterete.metrics.compare import compare_graphs; "
            "Gs, Ge = run._windows(None); t = time.perf_counter(); "
            "compare_graphs(Gs, Ge, n_boot=1000, seed=0); print(time.perf_counter() - t)")
    try:
        res = subprocess.run([PY, "-c", code], capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"more than {limit:.0f} s (stopped)"
    try:
        return f"{float(res.stdout.strip().splitlines()[-1]):.1f} s"
    except (ValueError, IndexError):
        return f"failed ({res.stderr.strip()[-200:]})"


def w_bootstrap_1000(a) -> dict:
    return _bootstrap(a, 1000)


def w_bootstrap_2000(a) -> dict:
    return _bootstrap(a, 2000)


def _page_graph(n: int):
    """``powerlaw_cluster_graph(n, 4, 0.1, seed=2)`` with names, five kinds (so
    the legend has groups), a sector and integer weights, all seeded."""
    import numpy as np

    G = _powerlaw(n, seed=2)
    kinds = ["resident", "business", "association", "police", "third_sector"]
    rng = np.random.default_rng(0)
    for v in G:
        G.nodes[v].update(name=f"Attore {v}", kind=kinds[int(rng.integers(5))],
                          sector="Comunità")
    for _u, _v, d in G.edges(data=True):
        d["weight"] = float(rng.integers(1, 10))
    return G


def _page(a, n: int) -> dict:
    import json

    try:
        from reterete.viz.page import to_html
    except ImportError as exc:
        raise NotLanded("reterete.viz.page") from exc
    from reterete.viz.layout import spring_positions

    n = n if not a.quick else max(500, n // 10)
    G = _page_graph(n)
    out = Path(tempfile.mkdtemp()) / "page.html"

    def dumps():
        nodes = [{"id": v, **d} for v, d in G.nodes(data=True)]
        edges = [[u, v, d["weight"]] for u, v, d in G.edges(data=True)]
        out.with_suffix(".json").write_text(json.dumps({"nodes": nodes, "edges": edges}))

    ref, _ = timed(dumps, a.repeat)
    times, _ = measure(lambda: to_html(G, out), a.repeat)
    pos = spring_positions(G)
    given, _ = timed(lambda: to_html(G, out, positions=pos), a.repeat)
    size = out.stat().st_size / 2**20
    shutil.rmtree(out.parent, ignore_errors=True)
    return {"times": times, "ref_times": ref,
            "notes": f"{n:,} actors, {G.number_of_edges():,} ties, {size:.1f} MB; with "
                     f"positions given (no layout): {statistics.median(given):.2f} s"}


def w_page_20k(a) -> dict:
    return _page(a, 20_000)


def w_page_5k(a) -> dict:
    return _page(a, 5_000)


def w_page_1k(a) -> dict:
    return _page(a, 1_000)


# Runs before any script of the page. vis-network's UMD bundle fills
# `window.vis = window.vis || {}` with `vis.Network = ...`; the setter below
# wraps Network.prototype.emit at that moment, before any network exists
# (each network binds its emitter to `this.emit` when constructed), so no
# event - even one fired inside the constructor - can be missed.
_BROWSER_INIT = """
(() => {
  const R = window.__rr = {draw: null, stabilized: null, hooked: false};
  let Net;
  const vis = {};
  Object.defineProperty(vis, "Network", {
    configurable: true, enumerable: true, get() { return Net; },
    set(cls) {
      const emit = cls.prototype.emit;
      cls.prototype.emit = function (name) {
        const t = performance.now();
        if (name === "afterDrawing" && R.draw === null) R.draw = t;
        if (name === "stabilized" && R.stabilized === null) R.stabilized = t;
        return emit.apply(this, arguments);
      };
      R.hooked = true;
      Net = cls;
    }});
  window.vis = vis;
})();
"""

_CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]


def _poll(page, expr: str, limit: float) -> None:
    """Wait until ``expr`` holds, asking from Python (the page's CSP forbids
    the eval behind ``wait_for_function``; the times are taken in the page)."""
    end = time.monotonic() + limit
    while not page.evaluate(expr):
        if time.monotonic() > end:
            raise TimeoutError(f"{expr} still false after {limit:.0f} s")
        time.sleep(0.05)


def _browser(a, n: int) -> dict:
    """Times from navigation start (``performance.now()``) to vis-network's
    first ``afterDrawing`` and to a stable layout, in Debian's Chromium, one
    fresh browser per run, the page loaded from file://."""
    try:
        from reterete.viz.page import PHYSICS_LIMIT, to_html
    except ImportError as exc:
        raise NotLanded("reterete.viz.page") from exc
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise NotLanded("playwright (Python package)") from exc
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        raise NotLanded("/usr/bin/chromium")
    runs = a.repeat if a.repeat_given else 3
    G = _page_graph(n)
    folder = Path(tempfile.mkdtemp())
    page_file = folder / "page.html"
    t0 = time.perf_counter()
    to_html(G, page_file)
    t_write = time.perf_counter() - t0
    size = page_file.stat().st_size / 2**20
    draws, stables, parsed, heaps, physics = [], [], [], [], set()
    try:
        with sync_playwright() as pw:
            for _ in range(runs):
                browser = pw.chromium.launch(executable_path=str(chromium),
                                             args=_CHROMIUM_ARGS)
                try:
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    page.add_init_script(_BROWSER_INIT)
                    page.goto(page_file.as_uri(), wait_until="commit")
                    _poll(page, "window.__rr.draw !== null", 120)
                    on = page.evaluate("!!(window.network && window.network.physics"
                                       " && window.network.physics.physicsEnabled)")
                    if on:
                        _poll(page, "window.__rr.stabilized !== null", 300)
                    version = browser.version
                    rr = page.evaluate("""() => ({
                        draw: __rr.draw, stabilized: __rr.stabilized, hooked: __rr.hooked,
                        shown: nodes.length, dcl: performance.getEntriesByType(
                            "navigation")[0].domContentLoadedEventEnd})""")
                    if not rr["hooked"] or rr["shown"] != n:
                        return {"error": f"page not measured as intended: {rr}"}
                    cdp = page.context.new_cdp_session(page)
                    cdp.send("Performance.enable")
                    metrics = {m["name"]: m["value"]
                               for m in cdp.send("Performance.getMetrics")["metrics"]}
                    heaps.append(metrics.get("JSHeapUsedSize", 0) / 2**20)
                finally:
                    browser.close()
                physics.add(on)
                draws.append(rr["draw"] / 1000)
                stables.append((rr["stabilized"] if on else rr["draw"]) / 1000)
                parsed.append(rr["dcl"] / 1000)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    how = ("vis-network's `stabilized` event (physics on)" if physics == {True} else
           "physics off (positions computed in Python above "
           f"{PHYSICS_LIMIT} actors), so the first `afterDrawing` is the stable layout"
           if physics == {False} else "mixed runs (?)")
    notes = (f"{n:,} actors, {G.number_of_edges():,} ties, {size:.1f} MB page written in "
             f"{t_write:.2f} s (layout in Python, not timed here); Chromium "
             f"{version}, headless, 1280x800, file://, fresh browser per run, median "
             f"of {runs}; from navigation start to vis-network's first `afterDrawing` "
             f"(event hooked before the network exists); DOMContentLoaded at "
             f"{statistics.median(parsed):.2f} s; JS heap after drawing "
             f"{statistics.median(heaps):.0f} MB (the memory column is the Python driver)")
    return {"times": draws, "stable_times": stables, "notes": notes, "stable_how": how,
            "peak_mb": None}


def w_browser_draw_1k(a) -> dict:
    return _browser(a, 1_000)


def w_browser_draw_5k(a) -> dict:
    return _browser(a, 5_000)


def w_dask_L(a) -> dict:
    from dask.distributed import Client, LocalCluster

    from reterete.distributed import read_contacts_dask
    from reterete.ingest import read_contacts

    path = generate.ensure(a.big)["parquet"]
    ref, net = timed(lambda: read_contacts(path), a.repeat)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        times, big = measure(lambda: read_contacts_dask(path, client=client), a.repeat)
    G, H = net.graph(), big.graph()
    equal = (sorted(G.edges(data="count")) == sorted(H.edges(data="count"))
             and dict(G.nodes(data=True)) == dict(H.nodes(data=True)))
    return {"times": times, "ref_times": ref, "equal": equal,
            "notes": f"{len(net.interactions):,} interactions compacted to "
                     f"{len(big.interactions):,} rows; graphs equal: {equal}. On one 2-core "
                     f"machine the cluster adds scheduling and pickling; it pays when the "
                     f"files are on many machines"}


class _AppServer:
    """``reterete app`` under uvicorn in a thread on a free port of 127.0.0.1."""

    def __init__(self, db: Path):
        import threading

        import uvicorn

        from reterete.app.server import Settings, create_app, free_socket

        self.sock = free_socket("127.0.0.1", 0)
        self.settings = Settings(db=db, token="bench-token-123456",
                                 port=self.sock.getsockname()[1])
        self.server = uvicorn.Server(uvicorn.Config(create_app(self.settings),
                                                    access_log=False, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.02)
        self.base = f"http://127.0.0.1:{self.settings.port}"

    def request(self, path: str, body: bytes | None = None, ctype: str | None = None):
        import urllib.request

        req = urllib.request.Request(self.base + path, data=body, headers={
            "Authorization": f"Bearer {self.settings.token}",
            **({"Content-Type": ctype} if ctype else {})})
        with urllib.request.urlopen(req, timeout=600) as res:
            return res.status, res.read()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def _multipart(field: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "reterete-bench-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
            f"filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


#: The pages a person opens, as the browser asks for them.
APP_PAGES = ["/", "/import", "/actors", "/network", "/network/page?site=Piazza+Roma",
             "/sites", "/sites?site=Piazza+Roma&k=3&hops=1", "/compare", "/report",
             "/history"]


def w_app_pages(a) -> dict:
    try:
        import reterete.app.server  # noqa: F401
    except ImportError as exc:
        raise NotLanded(f"reterete app ({exc})") from None
    from importlib import resources

    from reterete.store import Workspace

    folder = Path(tempfile.mkdtemp())
    base = resources.files("reterete.examples").joinpath("data/cremona")
    names = ["contatti.csv", "diari_educatori.csv", "cabina_regia_equipe.csv",
             "registro_attori.csv"]
    for n in names:
        (folder / n).write_bytes(base.joinpath(n).read_bytes())
    Workspace(folder / "cremona.db").import_files([folder / n for n in names[:3]],
                                                  actors=folder / names[3])
    app = _AppServer(folder / "cremona.db")
    try:
        per_page: dict[str, list[float]] = {}
        for path in APP_PAGES:  # first visit: the network is read and cached
            app.request(path)
        for _ in range(a.repeat):
            for path in APP_PAGES:
                t0 = time.perf_counter()
                status, _ = app.request(path)
                per_page.setdefault(path, []).append(time.perf_counter() - t0)
                if status != 200:
                    return {"error": f"{path}: status {status}"}
        t0 = time.perf_counter()
        app.request("/compare?start=2024-09:2024-09&end=2024-12:2024-12&boot=1000&seed=1")
        compare_s = time.perf_counter() - t0
    finally:
        app.stop()
        shutil.rmtree(folder, ignore_errors=True)
    medians = {p: statistics.median(t) for p, t in per_page.items()}
    slowest = max(medians, key=medians.get)
    times = per_page[slowest]
    return {"times": times, "notes": f"slowest {slowest}; medians: " + ", ".join(
        f"{p} {m * 1000:.0f} ms" for p, m in medians.items())
        + f"; a comparison with 1,000 resamples takes {compare_s:.2f} s (computing, not "
          "serving)"}


def w_app_import_M(a) -> dict:
    try:
        import reterete.app.server  # noqa: F401
    except ImportError as exc:
        raise NotLanded(f"reterete app ({exc})") from None
    path = generate.ensure("M")["it_csv"]
    data = path.read_bytes()
    body, ctype = _multipart("files", path.name, data)
    times, ref = [], []
    for _ in range(a.repeat):
        folder = Path(tempfile.mkdtemp())
        wall, _, code, tail = run_waited(_reterete("import", str(path), "--db",
                                                   str(folder / "cli.db")))
        if code:
            return {"error": f"reterete import: exit {code}: {tail}"}
        ref.append(wall)
        app = _AppServer(folder / "app.db")
        try:
            t0 = time.perf_counter()
            status, answer = app.request("/api/import", body, ctype)
            times.append(time.perf_counter() - t0)
        finally:
            app.stop()
        shutil.rmtree(folder, ignore_errors=True)
        if status != 200 or not json.loads(answer)["ok"]:
            return {"error": f"status {status}: {answer[:300]!r}"}
    return {"times": times, "ref_times": ref,
            "notes": f"{path.name} ({len(data) / 2**20:.1f} MB), fresh workspace each run; "
                     "the app also lists likely duplicates, the command does not"}


def w_forget_M(a) -> dict:
    import sqlite3

    import pandas as pd

    from reterete.store import Workspace

    path = generate.ensure("M")["it_csv"]
    folder = Path(tempfile.mkdtemp())
    try:
        base = folder / "base.db"
        Workspace(base).import_files([path])
        stored = Workspace(base).interactions()
        # a person of middling activity: the median actor by contacts
        counts = pd.concat([stored["source_name"], stored["target_name"]]).value_counts()
        name = str(counts.index[len(counts) // 2])
        times, ref = [], []
        for k in range(a.repeat):
            copy = folder / f"run{k}.db"
            shutil.copyfile(base, copy)
            t0 = time.perf_counter()
            report = Workspace(copy).forget(name)
            times.append(time.perf_counter() - t0)
            shutil.copyfile(base, copy)
            con = sqlite3.connect(copy, isolation_level=None)
            t0 = time.perf_counter()
            con.execute("VACUUM")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            ref.append(time.perf_counter() - t0)
            con.close()
        return {"times": times, "ref_times": ref,
                "notes": f"{len(stored):,} contacts, {len(counts):,} names; the person took "
                         f"part in {report.interactions} contacts; "
                         f"{len(report.variants)} other spelling(s) listed"}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _contacts_client(port: int, name: str, password: str, k: int, n: int,
                     latencies: list[float], errors: list[str]) -> None:
    """One team member's phone: log in, then log ``n`` contacts one after the
    other (every tenth a meeting of three), timing each POST."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("POST", "/api/login", body=json.dumps({"name": name, "password": password}),
                 headers={"content-type": "application/json"})
    r = conn.getresponse()
    answer = json.loads(r.read())
    cookie = r.headers.get("set-cookie", "").split(";")[0]
    head = {"content-type": "application/json", "cookie": cookie,
            "x-csrf-token": answer.get("csrf", "")}
    for i in range(n):
        actors = [f"Persona {k}", f"Contatto {i}"] + ([f"Terzo {i}"] if i % 10 == 0 else [])
        body = json.dumps({"client_id": f"bench-{k:02d}-{i:04d}",
                           "when": "2024-09-20T10:30", "site": "Piazza Roma",
                           "actors": actors, "kind": "Presidio dei territori",
                           "minutes": 20, "note": f"nota {k} {i}"})
        t0 = time.perf_counter()
        conn.request("POST", "/api/contacts", body=body, headers=head)
        r = conn.getresponse()
        data = r.read()
        latencies.append(time.perf_counter() - t0)
        if r.status != 201:
            errors.append(f"{r.status}: {data[:200]!r}")
    conn.close()


def w_app_contacts_10x100(a) -> dict:
    """10 clients x 100 contacts at once through ``POST /api/contacts`` of
    ``reterete app`` run as its own process, as a team would use it."""
    import sqlite3
    import threading
    from importlib import resources

    import numpy as np

    try:
        from reterete.app.server import free_socket
        from reterete.store import Workspace, accounts, fieldlog  # noqa: F401
    except ImportError as exc:
        raise NotLanded(f"team workspace ({exc})") from None
    clients, each = 10, 100
    folder = Path(tempfile.mkdtemp())
    try:
        base = resources.files("reterete.examples").joinpath("data/cremona")
        names = ["contatti.csv", "diari_educatori.csv", "cabina_regia_equipe.csv",
                 "registro_attori.csv"]
        for n in names:
            (folder / n).write_bytes(base.joinpath(n).read_bytes())
        template = folder / "template.db"
        ws = Workspace(template)
        ws.import_files([folder / n for n in names[:3]], actors=folder / names[3])
        users = {f"Operatore {k}": f"password-lunga-{k}" for k in range(clients)}
        for user, password in users.items():
            accounts.add_user(ws, user, "worker", password)
        with sqlite3.connect(template) as con:
            before = con.execute("SELECT count(*) FROM interactions").fetchone()[0]
        p95s, all_lat, checks, stored, walls = [], [], [], [], []
        for run in range(a.repeat):
            db = folder / f"run{run}.db"
            shutil.copyfile(template, db)
            sock = free_socket("127.0.0.1", 0)
            port = sock.getsockname()[1]
            sock.close()
            server = subprocess.Popen(_reterete("app", "--db", str(db), "--port", str(port),
                                                "--no-browser"), stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE)
            try:
                import urllib.error
                import urllib.request

                for _ in range(600):
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2)
                        break
                    except urllib.error.HTTPError:
                        break
                    except OSError:
                        if server.poll() is not None:
                            return {"error": "the app did not start: "
                                    + server.stderr.read().decode(errors="replace")[-300:]}
                        time.sleep(0.1)
                latencies: list[list[float]] = [[] for _ in range(clients)]
                errors: list[str] = []
                threads = [threading.Thread(target=_contacts_client, args=(
                    port, user, users[user], k, each, latencies[k], errors))
                    for k, user in enumerate(users)]
                t0 = time.perf_counter()
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                walls.append(time.perf_counter() - t0)
            finally:
                server.terminate()
                server.wait(timeout=30)
            if errors:
                return {"error": f"{len(errors)} posts refused, first: {errors[0]}"}
            lat = np.array([x for per in latencies for x in per])
            all_lat.append(lat)
            p95s.append(float(np.percentile(lat, 95)))
            with sqlite3.connect(db) as con:
                checks.append(con.execute("PRAGMA integrity_check").fetchone()[0])
                n_entries = con.execute("SELECT count(DISTINCT client_id) FROM field_entries"
                                        ).fetchone()[0]
                n_inter = con.execute("SELECT count(*) FROM interactions").fetchone()[0]
            # 90 pairs and 10 meetings of three (3 ties) per client
            stored.append(n_entries == clients * each
                          and n_inter - before == clients * (each - each // 10 + 3 * (each // 10)))
            db.unlink()
        lat = np.concatenate(all_lat)
        integrity = "ok" if all(c == "ok" for c in checks) else "; ".join(checks)
        return {"times": p95s, "integrity": integrity, "stored_ok": all(stored),
                "notes": f"{clients} clients x {each} posts (every tenth a meeting of three), "
                         f"each client on its own keep-alive connection posting one after the "
                         f"other; the app (`reterete app`, one uvicorn process) on the Cremona "
                         f"workspace with {clients} worker accounts; the median column is the "
                         f"p95 of each run's 1,000 latencies; over all runs: median "
                         f"{np.median(lat) * 1000:.0f} ms, p95 {np.percentile(lat, 95) * 1000:.0f}"
                         f" ms, p99 {np.percentile(lat, 99) * 1000:.0f} ms, max "
                         f"{lat.max() * 1000:.0f} ms; 1,000 posts in "
                         f"{statistics.median(walls):.1f} s ({1000 / statistics.median(walls):.0f}"
                         f" a second); every run: {clients * each:,} entries stored once: "
                         f"{all(stored)}; `PRAGMA integrity_check` after: {integrity}"}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _groups_graph(n: int, *, groups: int = 10, mean_degree: int = 10, inside: float = 0.8,
                  seed: int = 1):
    """A seeded network of ``groups`` groups, ties mostly inside them (issue 16's shape)."""
    import networkx as nx
    import numpy as np

    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, n)
    m = n * mean_degree // 2
    u = rng.integers(0, n, 2 * m)
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(groups + 1))
    lo, hi = bounds[group[u]], bounds[group[u] + 1]
    same = order[lo + (rng.random(2 * m) * (hi - lo)).astype(np.int64)]
    v = np.where(rng.random(2 * m) < inside, same, rng.integers(0, n, 2 * m))
    keep = u != v
    a, b = np.minimum(u, v)[keep], np.maximum(u, v)[keep]
    pairs = np.unique(a.astype(np.int64) * n + b)[:m]
    G = nx.Graph()
    G.add_nodes_from((i, {"sector": f"group {group[i]}"}) for i in range(n))
    G.add_edges_from(zip((pairs // n).tolist(), (pairs % n).tolist(), strict=True))
    return G


def _brokers_graph(n: int, *, groups: int = 25, brokers: int = 40, mean_degree: int = 8,
                   seed: int = 1):
    """Communities with ties only inside, joined by ``brokers`` actors tied to 2-4 of them."""
    import networkx as nx
    import numpy as np

    rng = np.random.default_rng(seed)
    size = (n - brokers) // groups
    G = nx.Graph()
    for c in range(groups):
        ties = size * mean_degree // 2
        a = rng.integers(0, size, ties) + c * size
        b = rng.integers(0, size, ties) + c * size
        G.add_edges_from((int(x), int(y)) for x, y in zip(a, b, strict=True) if x != y)
    for k in range(brokers):
        for c in rng.choice(groups, size=int(rng.integers(2, 5)), replace=False):
            for m in rng.choice(size, size=int(rng.integers(1, 4)), replace=False):
                G.add_edge(groups * size + k, int(c) * size + int(m))
    return nx.convert_node_labels_to_integers(G.subgraph(max(nx.connected_components(G),
                                                             key=len)).copy())


def _rank_row(a, G, kind: str) -> dict:
    """Default `centrality` against igraph's exact path measures, interleaved (issue 25)."""
    from reterete.metrics.centrality import centrality

    paths = ["betweenness", "closeness", "harmonic"]
    times, ref_times, loads = [], [], []
    table = exact = None
    for _ in range(max(1, a.repeat // 2)):
        loads.append(os.getloadavg()[0])
        t0 = time.perf_counter()
        exact = centrality(G, precision="exact", engine="igraph", measures=paths)
        ref_times.append(time.perf_counter() - t0)
        loads.append(os.getloadavg()[0])
        t0 = time.perf_counter()
        table = centrality(G, seed=1)
        times.append(time.perf_counter() - t0)
    b = exact["betweenness"]
    want = b.nlargest(20)
    kth = float(want.iloc[-1])
    got = table["betweenness"].nlargest(20)
    overlap = len(set(want.index) & set(got.index))
    eps = (table.attrs.get("epsilon") or {}).get("betweenness")
    d = (table.attrs.get("details") or {}).get("betweenness") or {}
    certain, possible = d.get("certain", []), d.get("possible", [])
    missing = set(want.index) - set(got.index)
    missing_within = all(abs(float(b[v]) - kth) <= (eps or 0) for v in missing)
    inside = float(((table["betweenness"] - b).abs() <= (eps or 0) + (d.get("bias") or 0))
                   .mean())
    out = {"times": times, "ref_times": ref_times, "overlap": overlap,
           "certain": len(certain), "missing_within": missing_within,
           "eps_share": (eps or 0) / kth if kth else None,
           "flat_said": d.get("rankable") is False,
           "notes": f"{kind}: {len(G):,} actors, {G.number_of_edges():,} ties; load "
                    f"{min(loads):.1f}-{max(loads):.1f}; default chose "
                    f"`{table.attrs.get('precision')}`; bounds tried "
                    f"{d.get('bounds_tried')} (largest bias allowance {d.get('bias')}); "
                    f"exact top-20 overlap {overlap}/20, {len(certain)} certain (all in the "
                    f"exact top 20: {all(float(b[v]) >= kth for v in certain)}), "
                    f"{len(possible) if d.get('rankable', True) else d.get('competing')} "
                    f"possible; missing ones within epsilon of the 20th: {missing_within}; "
                    f"epsilon {eps} = {(eps or 0) / kth:.1%} of the 20th exact value "
                    f"{kth:.2e}; every actor inside its interval: {inside:.2%}; rankable: "
                    f"{d.get('rankable')}, needed epsilon {d.get('needed_epsilon')}, "
                    f"needed {d.get('needed_seconds')} s"}
    return out


def w_rank_heavy_30k(a) -> dict:
    import networkx as nx

    return _rank_row(a, nx.barabasi_albert_graph(30_000, 3, seed=1), "heavy-tailed")


def w_rank_brokers_20k(a) -> dict:
    return _rank_row(a, _brokers_graph(20_000), "communities and brokers")


def w_rank_flat_20k(a) -> dict:
    return _rank_row(a, _groups_graph(20_000), "flat block graph")


def w_rank_5k_bound(a) -> dict:
    import numpy as np

    from reterete.metrics import _approx
    from reterete.metrics.centrality import centrality

    n = 5_000 if not a.quick else 2_000
    G = _groups_graph(n, seed=2)
    t0 = time.perf_counter()
    exact = centrality(G, precision="exact", engine="igraph",
                       measures=["betweenness", "closeness", "harmonic"])
    t_exact = time.perf_counter() - t0
    worst = 0.0
    details, times = [], []
    for seed in (1, 2, 3):
        t0 = time.perf_counter()
        df = centrality(G, precision="approx", seed=seed,
                        measures=["betweenness", "closeness", "harmonic"])
        times.append(time.perf_counter() - t0)
        eps = df.attrs["epsilon"]
        share_b = float(np.abs(df["betweenness"] - exact["betweenness"]).max()
                        / eps["betweenness"])
        share_h = float((np.abs(df["harmonic"] - exact["harmonic"]) / (n - 1)).max()
                        / eps["harmonic"])
        worst = max(worst, share_b, share_h)
        details.append(f"seed {seed}: betweenness {share_b:.2f}, harmonic {share_h:.2f}")
    # the estimator's own intervals, at a bound loose enough to sample
    P = __import__("reterete.metrics._engine", fromlist=["prepare"]).prepare(G)
    work, _approx.BITS_WORK = _approx.BITS_WORK, 0  # the sampled route, not the exact one
    try:
        c, h = _approx.sampled_closeness(P.W, weighted=False, epsilon=0.1, delta=0.1,
                                         top=None, seed=1)
    finally:
        _approx.BITS_WORK = work
    inside = float(np.mean((exact["closeness"].to_numpy() >= c.low - 1e-12)
                           & (exact["closeness"].to_numpy() <= c.high + 1e-12)))
    return {"times": times, "ref_times": [t_exact], "worst_share": worst,
            "notes": f"{n:,} actors; largest error / stated epsilon: {'; '.join(details)}; "
                     f"closeness intervals at epsilon 0.1 ({c.extra['sources']} sampled "
                     f"sources) contain the exact value for {inside:.1%} of actors"}


def w_cheap_20k(a) -> dict:
    import igraph as ig
    import numpy as np

    from reterete.metrics import constraint, degree_centralization, density, mean_degree
    from reterete.metrics.centrality import eigenvector

    G = _groups_graph(20_000 if not a.quick else 4_000)
    g = ig.Graph(n=G.number_of_nodes(), edges=list(G.edges()))
    t0 = time.perf_counter()
    density(G)
    first = time.perf_counter() - t0

    def ours():
        return (density(G), mean_degree(G), degree_centralization(G), constraint(G),
                eigenvector(G))

    def theirs():
        d = np.asarray(g.degree(), dtype=float)
        nn = len(d)
        return (g.density(), 2 * g.ecount() / nn, (d.max() - d).sum() / ((nn - 1) * (nn - 2)),
                g.constraint(), g.eigenvector_centrality(scale=False))

    ref, _ = timed(theirs, a.repeat)
    times, _ = measure(ours, a.repeat)
    parts = []
    for name, f, h in (("density", lambda: density(G), lambda: g.density()),
                       ("constraint", lambda: constraint(G), lambda: g.constraint())):
        mine = statistics.median(timed(f, a.repeat)[0])
        other = statistics.median(timed(h, a.repeat)[0])
        parts.append(f"{name} {mine * 1000:.2f} ms vs {other * 1000:.2f} ms")
    return {"times": times, "ref_times": ref,
            "notes": f"{G.number_of_nodes():,} actors; first call converts the graph once "
                     f"({first:.2f} s, kept in networkx's cache); {'; '.join(parts)}"}


def w_communities_100k(a) -> dict:
    import random

    import igraph as ig

    from reterete.metrics.communities import communities, restarts_for

    n = 100_000 if not a.quick else 10_000
    G = _groups_graph(n, groups=n // 500, mean_degree=20)
    g = ig.Graph(n=G.number_of_nodes(), edges=list(G.edges()))
    times, ref, found = [], [], None
    for r in range(a.repeat):   # interleaved: the machine's load moves both alike
        ig.set_random_number_generator(random.Random(r))
        t0 = time.perf_counter()
        part = g.community_leiden(objective_function="modularity", n_iterations=-1)
        ref.append(time.perf_counter() - t0)
        ig.set_random_number_generator(random)
        G.__networkx_cache__.clear()            # a first call: the conversion included
        t0 = time.perf_counter()
        found = communities(G, seed=r)
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    communities(G, seed=0)                      # the conversion kept in networkx's cache
    cached = time.perf_counter() - t0
    if PROFILE_ON:
        G.__networkx_cache__.clear()
        PROFILE.append(profile_text(lambda: communities(G, seed=0)))
    return {"times": times, "ref_times": ref,
            "notes": f"{G.number_of_nodes():,} actors, {G.number_of_edges():,} ties; "
                     f"{restarts_for(G.number_of_edges())} Leiden run(s); {len(found)} groups, "
                     f"modularity {found.modularity:.4f} (igraph alone: "
                     f"{g.modularity(part.membership):.4f}, {len(set(part.membership))} "
                     f"groups); with the graph already converted {cached:.2f} s"}


def w_survey_200x2(a) -> dict:
    import numpy as np
    import pandas as pd

    from reterete.survey import actor_scores, read_survey, scores_by, tie_scores, wave_summary

    rng = np.random.default_rng(24)
    orgs = [f"Organizzazione {k:03d} - Società" for k in range(200)]
    sectors = ["Servizi sociali", "Terzo settore", "Scuola", "Associazioni", "Polizia Locale"]
    rows = []
    for wave in ("30/09/2024", "16/12/2024"):
        for i, r in enumerate(orgs):
            if rng.random() < 0.1:
                continue
            for j in rng.choice(200, size=int(rng.integers(5, 25)), replace=False):
                if j == i:
                    continue
                ratings = [("" if rng.random() < 0.05 else str(int(rng.integers(1, 5))))
                           for _ in range(6)]
                rows.append([r, orgs[j], wave, "mensile", *ratings])
    head = ["Rispondente", "Partner", "Ondata", "Frequenza", "Fiducia - affidabilità",
            "Fiducia - obiettivi", "Fiducia - apertura", "Valore - risorse",
            "Valore - competenze", "Valore - contatti"]
    folder = Path(tempfile.mkdtemp())
    survey = folder / "questionario.csv"
    pd.DataFrame(rows, columns=head).to_csv(survey, sep=";", index=False, encoding="cp1252")
    registry = folder / "registro.csv"
    pd.DataFrame({"Nome": orgs, "Settore": [sectors[k % 5] for k in range(200)]}).to_csv(
        registry, sep=";", index=False, encoding="cp1252")

    def run():
        s = read_survey(survey, actors=registry)
        return s, wave_summary(s), actor_scores(s), tie_scores(s), scores_by(s)

    times, out = measure(run, a.repeat)
    if PROFILE_ON:
        PROFILE.append(profile_text(run))
    shutil.rmtree(folder, ignore_errors=True)
    return {"times": times, "notes": f"{len(rows):,} rows, {len(out[0].ties):,} ties named "
                                      f"in {len(out[0].waves)} waves"}


WORKERS = {k[2:]: v for k, v in globals().items() if k.startswith("w_")}


# --------------------------------------------------------- process-level steps
#: GNU time, which forks the command from its own small process: a child
#: forked from this (large) one counts this one's resident pages in its peak
#: until it execs, so os.wait4 alone reported this process's size.
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def run_waited(cmd: list[str]) -> tuple[float, float, int, str]:
    """Wall time, the command's own peak RSS in MB, exit code, output tail.

    The peak comes from GNU time's ``%M`` (the command forked from ``time``'s
    small process); without GNU time, from os.wait4, which counts this
    process's size too (see :data:`TIME`).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        wrapped = [TIME, "-q", "-f", "%M", "-o", rss.name, *cmd] if TIME else cmd
        t0 = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        tail = (err.read() or out.read()).decode(errors="replace")[-400:]
        peak = usage.ru_maxrss / 1024
        if TIME:
            reported = Path(rss.name).read_text().split()
            peak = float(reported[-1]) / 1024 if reported else float("nan")
    return wall, peak, proc.returncode, tail


def _reterete(*args: str) -> list[str]:
    return [PY, "-m", "reterete", *args]


def _has_command(name: str) -> bool:
    wall, _, code, _ = run_waited(_reterete(name, "--help"))
    return code == 0


def _cli_summary(a, size: str) -> dict:
    if not _has_command("summary"):
        raise NotLanded("`reterete summary`")
    path = generate.ensure(size)["it_csv"]
    bare = (f"import pandas, pyarrow.csv as c; c.read_csv({str(path)!r}, "
            "read_options=c.ReadOptions(encoding='cp1252'), "
            "parse_options=c.ParseOptions(delimiter=';'))")
    ref = [run_waited([PY, "-c", bare])[0] for _ in range(a.repeat)]
    runs = [run_waited(_reterete("summary", str(path), "--json")) for _ in range(a.repeat)]
    bad = [r for r in runs if r[2] != 0]
    if bad:
        return {"error": f"exit {bad[0][2]}: {bad[0][3]}"}
    return {"times": [r[0] for r in runs], "ref_times": ref,
            "peak_mb": max(r[1] for r in runs), "notes": f"{path.name}"}


def p_cli_summary_L(a) -> dict:
    return _cli_summary(a, a.big)


def p_cli_summary_S(a) -> dict:
    return _cli_summary(a, "S")


_ROUTE = """
import sys
from reterete.ingest.chunked import CHUNK_ROWS, _setting, chunked
rows = int(_setting("RETERETE_CHUNK_ROWS", CHUNK_ROWS))
print(f"in process, read in chunks of {rows:,} rows (reterete.ingest.chunked), compacted"
      if chunked([sys.argv[1]]) else "in process, the whole file at once")
"""


def p_summary_10M(a) -> dict:
    if not _has_command("summary"):
        raise NotLanded("`reterete summary`")
    path = generate.ensure("XL")["it_csv"]
    probe = subprocess.run([PY, "-c", _ROUTE, str(path)], capture_output=True, text=True)
    if probe.returncode != 0:
        raise NotLanded("`reterete.ingest.chunked`")
    route = probe.stdout.strip()
    runs = []
    for _ in range(min(a.repeat, 3)):  # a minute each
        with tempfile.TemporaryFile() as out, \
                tempfile.NamedTemporaryFile(suffix=".rss") as rss:
            cmd = _reterete("summary", str(path), "--json")
            t0 = time.perf_counter()
            proc = subprocess.Popen([TIME, "-q", "-f", "%M", "-o", rss.name, *cmd]
                                    if TIME else cmd, stdout=out, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
            err = proc.stderr.read().decode(errors="replace")[-400:]
            proc.stderr.close()
            if os.waitstatus_to_exitcode(status) != 0:
                return {"error": f"exit {os.waitstatus_to_exitcode(status)}: {err}"}
            out.seek(0)
            figures = json.loads(out.read())
            peak = usage.ru_maxrss / 1024  # this process's size too, without GNU time
            if TIME:
                peak = float(Path(rss.name).read_text().split()[-1]) / 1024
        # wait4 of `time` counts the command it waited for (Linux: RUSAGE_BOTH)
        runs.append((wall, usage.ru_utime + usage.ru_stime, peak))
    return {"times": [r[0] for r in runs], "peak_mb": max(r[2] for r in runs),
            "route": route,
            "notes": f"{route}; {path.stat().st_size / 1e6:,.0f} MB file, "
                     f"{figures['interactions']:,} interactions, {figures['actors']:,} actors, "
                     f"{figures['ties']:,} ties; CPU time (user + system) "
                     f"{statistics.median(r[1] for r in runs):.1f} s; peak "
                     f"{max(r[2] for r in runs):,.0f} MB"}


def p_memory_L(a, done: dict) -> dict:
    prev = done.get("cli_summary_L", {})
    if "peak_mb" not in prev:
        return {"error": prev.get("error", "needs the cli_summary_L row"),
                "not_landed": prev.get("not_landed")}
    return {"peak_mb": prev["peak_mb"], "notes": "peak RSS of the `reterete summary` process "
            "on L (from the row above)"}


def _browser_stable(a, done: dict, size: str) -> dict:
    prev = done.get(f"browser_draw_{size}", {})
    if "stable_times" not in prev:
        return {"error": prev.get("error", f"needs the browser_draw_{size} row"),
                "not_landed": prev.get("not_landed")}
    return {"times": prev["stable_times"],
            "notes": f"same runs as the first-frame row above; stable = {prev['stable_how']}"}


def p_browser_stable_1k(a, done: dict) -> dict:
    return _browser_stable(a, done, "1k")


def p_browser_stable_5k(a, done: dict) -> dict:
    return _browser_stable(a, done, "5k")


def p_cli_import_summary_S(a) -> dict:
    if not _has_command("summary") or not _has_command("import"):
        raise NotLanded("`reterete summary` / `reterete import`")
    path = generate.ensure("S")["it_csv"]
    times, peaks = [], []
    for _ in range(a.repeat):
        db = Path(tempfile.mkdtemp()) / "progetto.db"
        t1, m1, c1, e1 = run_waited(_reterete("import", str(path), "--db", str(db)))
        t2, m2, c2, e2 = run_waited(_reterete("summary", "--db", str(db), "--json"))
        shutil.rmtree(db.parent, ignore_errors=True)
        if c1 or c2:
            return {"error": f"exit {c1 or c2}: {e1 if c1 else e2}"}
        times.append(t1 + t2)
        peaks.append(max(m1, m2))
    return {"times": times, "peak_mb": max(peaks), "notes": "two processes, times summed"}


def p_importtime(a) -> dict:
    res = subprocess.run([PY, "-X", "importtime", "-c", "import reterete.cli"],
                         capture_output=True, text=True, cwd=ROOT)
    rows = []
    for line in res.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((int(m[2]), len(m[3]), m[4]))
    total = next((c for c, _, name in rows if name == "reterete.cli"), None)
    top = sorted((r for r in rows if r[1] <= 3), reverse=True)[:6]
    loaded = {name for _, _, name in rows}
    heavy = [m for m in ("numpy", "pandas", "networkx", "igraph", "scipy", "pyarrow",
                         "rich", "jinja2", "matplotlib", "dask") if m in loaded]
    helps = [run_waited(_reterete("--help"))[0] for _ in range(a.repeat)]
    return {"times": helps,
            "notes": f"`import reterete.cli` {total / 1e6 if total else float('nan'):.3f} s "
                     f"(cumulative); heavy modules loaded at start-up: "
                     f"{', '.join(heavy) or 'none'}; largest: "
                     + "; ".join(f"{name} {c / 1e6:.3f} s" for c, _, name in top)
                     + "; time is `reterete --help` wall clock"}


def _hostile_check(a, path: Path, expect: int, what: str) -> dict:
    """``reterete check FILE --json`` ``a.repeat`` times: wall, CPU and peak memory."""
    if not _has_command("check"):
        raise NotLanded("`reterete check`")
    times, cpus, peaks = [], [], []
    for _ in range(a.repeat):
        wall, peak, code, tail = run_waited(_reterete("check", str(path), "--json"))
        if code != expect:
            return {"error": f"exit {code} (expected {expect}): {tail}"}
        times.append(wall)
        peaks.append(peak)
        cpus.append(run_cpu(_reterete("check", str(path), "--json"))[1])
    return {"times": times, "peak_mb": max(peaks),
            "notes": f"{what}; {path.stat().st_size / 1024:.0f} KB; CPU time (user + system) "
                     f"{statistics.median(cpus):.2f} s; peak {max(peaks):.0f} MB"}


def p_check_40k_actors(a) -> dict:
    path = generate.ensure_distinct_actors(40_000)
    return _hostile_check(a, path, 0, "20k rows, 40k distinct 'First Surname' names "
                          "(30 first names, invented surnames: many near pairs)")


def p_check_stray_xlsx(a) -> dict:
    path = generate.ensure_stray_xlsx()
    return _hostile_check(a, path, 2, "two data rows and one value at XFD1048576")


def p_check_event_5000(a) -> dict:
    path = generate.ensure_large_event(5000)
    return _hostile_check(a, path, 2, "one event, 5,000 participants (12.5M pairs if "
                          "expanded)")



def _log_since_1900() -> Path:
    """S's Italian CSV with one more row dated 01/01/1900 (a typing error)."""
    path = generate.DATA_DIR / "contatti_S_1900.csv"
    if not path.exists():
        src = generate.ensure("S")["it_csv"]
        text = src.read_bytes().rstrip(b"\r\n")
        path.write_bytes(text + b"\n01/01/1900;Ada Rossi;Bea Verdi;Piazza Roma;Incontro;10\n")
    return path


def p_timeline_1900(a) -> dict:
    if not _has_command("timeline"):
        raise NotLanded("`reterete timeline`")
    path = _log_since_1900()
    runs = {"hour": (["--freq", "hour"], 2), "month": (["--freq", "month"], 0),
            "default": ([], 0)}
    walls: dict[str, list[float]] = {k: [] for k in runs}
    peaks, problems = [], []
    for _ in range(a.repeat):
        for name, (extra, expect) in runs.items():
            wall, peak, code, tail = run_waited(_reterete("timeline", str(path), *extra,
                                                          "--json"))
            if code != expect:
                problems.append(f"{name}: exit {code} (expected {expect}): {tail}")
            walls[name].append(wall)
            peaks.append(peak)
    worst = [max(w) for w in zip(*walls.values(), strict=True)]
    return {"times": worst, "peak_mb": max(peaks), "all_ok": not problems,
            **({"error": problems[0]} if problems else {}),
            "notes": "slowest of the three per run; medians " + ", ".join(
                f"{k} {statistics.median(v):.2f} s" for k, v in walls.items()) +
            f"; peak {max(peaks):.0f} MB"}


def _log_40k() -> Path:
    """A year's log of a 40k-actor group graph (issue 16's shape), one row per tie,
    dated at random over 2024 (so the GEXF has a timeline)."""
    path = generate.DATA_DIR / "contacts_groups_40k.csv"
    if not path.exists():
        import numpy as np
        import pandas as pd

        G = _groups_graph(40_000)
        u, v = zip(*G.edges(), strict=True)
        rng = np.random.default_rng(3)
        days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, len(u)),
                                                            unit="D")
        path.parent.mkdir(parents=True, exist_ok=True)
        pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "source": [f"p{x}" for x in u],
                      "target": [f"p{x}" for x in v]}).to_csv(path, index=False)
    return path


def p_export_40k(a) -> dict:
    if not _has_command("export"):
        raise NotLanded("`reterete export`")
    path = _log_40k()
    with tempfile.TemporaryDirectory() as tmp:
        ours = _reterete("export", str(path), "-o", str(Path(tmp) / "net.gexf"))
        theirs = _reterete("centrality", str(path), "--csv", str(Path(tmp) / "c.csv"))
        got, err = _interleaved(ours, theirs, a.repeat)
        size = (Path(tmp) / "net.gexf").stat().st_size / 1e6 if not err else 0
    if err:
        return {"error": err}
    times, ref, cpus, ref_cpu, loads = got
    return {"times": times, "ref_times": ref,
            "notes": f"{path.name} (40,000 actors, 200,000 ties, one row each); GEXF "
                     f"{size:.0f} MB with a timeline by month; interleaved, load "
                     f"{min(loads):.1f}-{max(loads):.1f}; CPU {statistics.median(cpus):.1f} s "
                     f"vs {statistics.median(ref_cpu):.1f} s "
                     f"({statistics.median(cpus) / statistics.median(ref_cpu):.2f}x)"}

def run_cpu(cmd: list[str]) -> tuple[float, float, int, str]:
    """Wall time, the child's CPU time (user + system, os.wait4), exit code,
    output tail: on a loaded machine the CPU time is what the code costs."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        tail = (err.read() or out.read()).decode(errors="replace")[-400:]
    return wall, usage.ru_utime + usage.ru_stime, code, tail


def _school(rows: int | None = None) -> tuple[list[str], str]:
    """The school week as the reader takes it: the generator's whitespace file
    with Unix seconds when the reader knows timestamps, else the same records
    as a CSV of local date-times (the reader before issue 11 refused epochs)."""
    files = generate.ensure_school(rows=rows)
    log, reg = files["log"], files["registry"]
    _, _, code, _ = run_cpu(_reterete("check", str(log), "--actors", str(reg), "--timezone",
                                      generate.SCHOOL_TIMEZONE, "--json"))
    if code == 0:
        return [str(log), "--actors", str(reg), "--timezone", generate.SCHOOL_TIMEZONE], \
            f"{log.name} (whitespace, Unix seconds, --timezone {generate.SCHOOL_TIMEZONE})"
    import pandas as pd

    csv = log.with_suffix(".datetimes.csv")
    if not csv.exists():
        raw = generate.school_log(rows=rows)
        local = pd.to_datetime(raw["t"], unit="s", utc=True).dt.tz_convert(
            generate.SCHOOL_TIMEZONE).dt.strftime("%Y-%m-%d %H:%M:%S")
        pd.DataFrame({"date": local, "source": raw["i"], "target": raw["j"]}).to_csv(
            csv, index=False)
    return [str(csv), "--actors", str(reg)], (f"{csv.name} (the generator's records as local "
                                             "date-times: the reader does not take Unix "
                                             "seconds yet)")


def _median_runs(cmd: list[str], repeat: int) -> tuple[list[float], list[float], str | None]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu, code, tail = run_cpu(cmd)
        if code != 0:
            return walls, cpus, f"exit {code}: {tail}"
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus, None


# the comparison alone, in process: both window graphs, every metric
_COMPARE_INSIDE = """
import json, sys, time
from reterete.ingest import read_contacts
from reterete.metrics.compare import compare
a = json.loads(sys.argv[1])
f = a["files"]
net = read_contacts([f[0]], actors=f[2], **({"timezone": f[4]} if len(f) > 3 else {}))
ts = []
for _ in range(a["repeat"]):
    t, w = time.process_time(), time.perf_counter()
    r = compare(net, tuple(a["start"].split(":")), tuple(a["end"].split(":")), n_boot=2000,
                seed=1)
    ts.append((time.perf_counter() - w, time.process_time() - t))
print("RESULT " + json.dumps({"ts": ts, "notes": [str(x) for x in r.table["note"] if x]}))
"""


_ONEOFF_OURS = """
import sys
from reterete.ingest import read_contacts
from reterete.metrics import constraint, degree, prepare_ties
net = read_contacts([sys.argv[1]])
P = prepare_ties(net.ties())
c, d = constraint(P), degree(P)
print(len(c), float(d.max()))
"""

_ONEOFF_IGRAPH = """
import sys
import igraph as ig
import numpy as np
import pandas as pd
log = pd.read_csv(sys.argv[1])
u, v = log["source"].to_numpy(), log["target"].to_numpy()
codes, names = pd.factorize(np.concatenate([u, v]))
g = ig.Graph(n=len(names), edges=np.column_stack([codes[:len(u)], codes[len(u):]]).tolist())
g.simplify()
c, d = g.constraint(), np.asarray(g.degree()) / (g.vcount() - 1)
print(len(c), float(d.max()))
"""

_SUMMARY_IGRAPH = """
import sys
import igraph as ig
import numpy as np
import pandas as pd
log = pd.read_csv(sys.argv[1])
u, v = log["source"].to_numpy(), log["target"].to_numpy()
codes, names = pd.factorize(np.concatenate([u, v]))
g = ig.Graph(n=len(names), edges=np.column_stack([codes[:len(u)], codes[len(u):]]).tolist())
g.simplify()
d = np.asarray(g.degree(), dtype=float)
n = g.vcount()
print(n, g.ecount(), g.density(), len(g.connected_components()),
      g.transitivity_avglocal_undirected(mode="zero"), g.transitivity_undirected(),
      (d.max() - d).sum() / ((n - 1) * (n - 2)))
"""


def _log_20k() -> Path:
    """A one-day contact log of issue 16's 20k-actor graph, one row per tie."""
    path = generate.DATA_DIR / "contacts_groups_20k.csv"
    if not path.exists():
        import pandas as pd

        G = _groups_graph(20_000)
        u, v = zip(*G.edges(), strict=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        pd.DataFrame({"date": "2024-09-02", "source": [f"p{x}" for x in u],
                      "target": [f"p{x}" for x in v]}).to_csv(path, index=False)
    return path


def _interleaved(ours: list[str], theirs: list[str], repeat: int):
    times, ref, cpus, ref_cpu, loads = [], [], [], [], []
    for _ in range(repeat):
        loads.append(os.getloadavg()[0])
        wall, cpu, code, tail = run_cpu(theirs)
        if code:
            return None, f"reference: exit {code}: {tail}"
        ref.append(wall)
        ref_cpu.append(cpu)
        wall, cpu, code, tail = run_cpu(ours)
        if code:
            return None, f"exit {code}: {tail}"
        times.append(wall)
        cpus.append(cpu)
    return (times, ref, cpus, ref_cpu, loads), None


def p_summary_20k_igraph(a) -> dict:
    log = _log_20k()
    got, err = _interleaved(_reterete("summary", str(log), "--json"),
                            [PY, "-c", _SUMMARY_IGRAPH, str(log)], a.repeat)
    if err:
        return {"error": err}
    times, ref, cpus, ref_cpu, loads = got
    return {"times": times, "ref_times": ref,
            "notes": f"{log.name} (20,000 actors, 100,000 ties, one row each); interleaved, "
                     f"load {min(loads):.1f}-{max(loads):.1f}; CPU {statistics.median(cpus):.2f} "
                     f"s vs {statistics.median(ref_cpu):.2f} s "
                     f"({statistics.median(cpus) / statistics.median(ref_cpu):.2f}x)"}


def p_oneoff_20k(a) -> dict:
    log = _log_20k()
    got, err = _interleaved([PY, "-c", _ONEOFF_OURS, str(log)],
                            [PY, "-c", _ONEOFF_IGRAPH, str(log)], a.repeat)
    if err:
        return {"error": err}
    times, ref, cpus, ref_cpu, loads = got
    return {"times": times, "ref_times": ref,
            "notes": f"{log.name}; interleaved, load {min(loads):.1f}-{max(loads):.1f}; CPU "
                     f"{statistics.median(cpus):.2f} s vs {statistics.median(ref_cpu):.2f} s "
                     f"({statistics.median(cpus) / statistics.median(ref_cpu):.2f}x)"}


def p_school_compare(a) -> dict:
    files, how = _school()
    days = ("2013-12-02:2013-12-02", "2013-12-06:2013-12-06")
    cmp = _reterete("compare", *files, "--start", days[0], "--end", days[1], "--boot", "2000",
                    "--seed", "1", "--json")
    ref, ref_cpu, err = _median_runs(_reterete("summary", *files, "--json"), a.repeat)
    if err:
        return {"error": f"summary: {err}"}
    times, cpus, err = _median_runs(cmp, a.repeat)
    if err:
        return {"error": f"compare: {err}"}
    # the comparison alone, in process (graphs of both windows built, every metric)
    res = subprocess.run([PY, "-c", _COMPARE_INSIDE, json.dumps(
        {"files": files, "repeat": a.repeat, "start": days[0], "end": days[1]})],
        capture_output=True, text=True, cwd=ROOT)
    line = [x for x in res.stdout.splitlines() if x.startswith("RESULT ")]
    if not line:
        return {"error": f"in process: {res.stderr.strip()[-300:]}"}
    got = json.loads(line[-1][7:])
    inside = statistics.median(w for w, _ in got["ts"])
    inside_cpu = statistics.median(c for _, c in got["ts"])
    skipped = [n for n in got["notes"] if "by name" in n]
    return {"times": times, "ref_times": ref, "inside": inside,
            "notes": f"{how}; CPU time (user + system) compare {statistics.median(cpus):.2f} s, "
                     f"summary {statistics.median(ref_cpu):.2f} s: "
                     f"{statistics.median(cpus) / statistics.median(ref_cpu):.2f}x; the "
                     f"comparison alone in process (`compare(net, ...)`: both window graphs, "
                     f"bootstrap, two permutation tests, jackknife, every metric) "
                     f"{inside:.2f} s wall, {inside_cpu:.2f} s CPU; "
                     + ("metrics left without resampling: " + "; ".join(skipped) if skipped
                        else "no metric left without resampling")}


def p_school_report(a) -> dict:
    files, how = _school()
    out = Path(tempfile.mkdtemp()) / "report.html"
    times, cpus, err = _median_runs(_reterete("report", *files, "-o", str(out)), a.repeat)
    if err:
        return {"error": err}
    size = out.stat().st_size / 1e6
    shutil.rmtree(out.parent, ignore_errors=True)
    return {"times": times, "notes": f"{how}; CPU time (user + system) "
                                      f"{statistics.median(cpus):.2f} s; page {size:.1f} MB"}


def p_check_200k(a) -> dict:
    files, how = _school(rows=200_000)
    times, cpus, err = _median_runs(_reterete("check", *files, "--json"), a.repeat)
    if err:
        return {"error": err}
    return {"times": times, "notes": f"{how}; 200,000 rows; CPU time (user + system) "
                                     f"{statistics.median(cpus):.2f} s"}


# run by a bare interpreter, so that the profile shows every import
_PROFILE_CLI = """
import json, re, sys
from pyinstrument import Profiler
prof = Profiler(interval=0.001)
prof.start()
from typer.testing import CliRunner
from reterete.cli import app
res = CliRunner().invoke(app, sys.argv[1:])
prof.stop()
text = prof.output_text(unicode=False, color=False, show_all=False)
num = re.compile(r"^[\\s|`-]*(\\d+\\.\\d+) ")
tree = [ln for ln in text.splitlines() if num.match(ln)]
total = float(num.match(tree[0])[1]) if tree else 1.0
keep = [ln for ln in tree if float(num.match(ln)[1]) >= 0.04 * total]
print("RESULT " + json.dumps({"profile": "\\n".join(keep[:26]), "exit": res.exit_code}))
"""


def _cli_profile_args(sid: str, a) -> list[str] | None:
    if sid in ("cli_summary_L", "memory_L"):
        return ["summary", str(generate.ensure(a.big)["it_csv"]), "--json"]
    if sid == "cli_summary_S":
        return ["summary", str(generate.ensure("S")["it_csv"]), "--json"]
    if sid == "cli_import_summary_S":
        db = Path(tempfile.mkdtemp()) / "progetto.db"
        return ["import", str(generate.ensure("S")["it_csv"]), "--db", str(db)]
    if sid == "school_compare":
        return ["compare", *_school()[0], "--start", "2013-12-02:2013-12-02", "--end",
                "2013-12-06:2013-12-06", "--boot", "2000", "--seed", "1", "--json"]
    if sid == "school_report":
        return ["report", *_school()[0], "-o", str(Path(tempfile.mkdtemp()) / "report.html")]
    if sid == "check_200k":
        return ["check", *_school(rows=200_000)[0], "--json"]
    return None


PROCESS = {k[2:]: v for k, v in globals().items() if k.startswith("p_")}
NEEDS_DONE = {"memory_L", "browser_stable_1k", "browser_stable_5k"}  # read rows above


# ---------------------------------------------------------------- the report
def machine() -> list[str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        ram = f"{kb / 2**20:.1f} GiB"
    except (OSError, TypeError):
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    libs = []
    for lib in ("reterete", "numpy", "pandas", "pyarrow", "scipy", "networkx", "igraph",
                "dask", "distributed"):
        try:
            libs.append(f"{lib} {metadata.version(lib if lib != 'igraph' else 'igraph')}")
        except metadata.PackageNotFoundError:
            libs.append(f"{lib} -")
    return [f"- CPU: {cpu}, {cores} cores available ({os.cpu_count()} logical), shared with "
            "other work while measuring",
            f"- RAM: {ram}",
            f"- OS: {platform.platform()}",
            f"- Python {platform.python_version()} ({platform.python_implementation()})",
            f"- Libraries: {', '.join(libs)}"]


def _fmt_s(x: float | None) -> str:
    return "-" if x is None else (f"{x:.3f} s" if x < 10 else f"{x:.1f} s")


def render(results: dict[str, dict], args, started: str, elapsed: float,
           merged: list[dict] = ()) -> str:
    lines = ["# reterete benchmarks", "",
             f"Written by `python benchmarks/run.py{' --quick' if args.quick else ''}"
             f"{' --only ' + args.only if args.only else ''}` on {started} "
             f"(took {elapsed / 60:.1f} min). Median of {args.repeat} runs; peak memory is "
             "the peak resident set of the process that ran the step (interpreter and "
             "imports included); ratio = median / median of the reference, measured in "
             "the same process and run.", *[
                 f"\nRows `{m['only']}` measured later, on {m['started']}, by `python "
                 f"benchmarks/run.py --only {m['only']} --merge` ({m['elapsed'] / 60:.1f} "
                 "min" + ("; browser rows: median of 3 runs" if "browser" in m["only"] else "")
                 + "), the other rows kept as measured."
                 for m in merged],
             "", "## Machine", "", *machine(), "",
             "## Results", "",
             "| step | target | median | reference | ratio | peak memory | met | notes |",
             "|---|---|---|---|---|---|---|---|"]
    for step in STEPS:
        r = results.get(step.id)
        if r is None:
            continue
        if r.get("not_landed"):
            lines.append(f"| {step.title} | {step.target} | - | {step.ref} | - | - | "
                         f"not yet | code not landed yet: {r['not_landed']} |")
            continue
        if r.get("error"):
            err = r["error"].replace("|", "/").replace("\n", " ")
            lines.append(f"| {step.title} | {step.target} | - | {step.ref} | - | - | "
                         f"error | {err} |")
            continue
        ref = r.get("ref_median")
        ratio = f"{r['ratio']:.2f}x" if r.get("ratio") is not None else "-"
        met = step.check(r)
        mark = {True: "yes", False: "**no**", None: "-"}[met]
        mem = f"{r['peak_mb']:.0f} MB" if r.get("peak_mb") is not None else "-"
        ref_txt = f"{step.ref}: {_fmt_s(ref)}" if ref is not None else step.ref
        notes = r.get("notes", "").replace("|", "/")
        lines.append(f"| {step.title} | {step.target} | {_fmt_s(r.get('median'))} | "
                     f"{ref_txt} | {ratio} | {mem} | {mark} | {notes} |")
    profiled = [(s, results[s.id]["profile"]) for s in STEPS
                if results.get(s.id, {}).get("profile")]
    if profiled:
        lines += ["", "## Profiles of the rows that miss their target", "",
                  "One more run of each under pyinstrument (frames above 4 % of the time; "
                  "`reterete` commands run in process, imports included).", ""]
        for step, prof in profiled:
            lines += [f"### {step.title}", "", "```text", prof, "```", ""]
    causes = HERE / "causes.md"
    if causes.exists():
        lines += ["", causes.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"


def _merge_rows(out: Path, results: dict[str, dict], args, started: str,
                elapsed: float) -> None:
    """Put the rows of ``results`` into the table of ``out`` in place of those of the
    same steps (or after the last row), and say when and how they were measured."""
    rows = [x for x in render(results, args, started, elapsed).splitlines()
            if x.startswith("| ") and not x.startswith("| step |")]
    titles = {s.id: f"| {s.title} |" for s in STEPS}
    new = {next(t for t in titles.values() if r.startswith(t)): r for r in rows}
    text = out.read_text(encoding="utf-8").splitlines()
    done = set()
    for i, line in enumerate(text):
        for head, row in new.items():
            if line.startswith(head):
                text[i] = row
                done.add(head)
    last = max(i for i, line in enumerate(text) if line.startswith("| "))
    text[last + 1:last + 1] = [row for head, row in new.items() if head not in done]
    first = next(i for i, line in enumerate(text) if line.startswith("## Machine"))
    text[first:first] = [f"Rows `{args.only}` measured later, on {started}, by `python "
                         f"benchmarks/run.py --only {args.only} --merge` ({elapsed / 60:.1f} "
                         "min), put into this table (no full run's saved results here), the "
                         "other rows kept as measured.", ""]
    out.write_text("\n".join(text) + "\n", encoding="utf-8")
    print("\n".join(rows))
    print(f"written to {out}", file=sys.stderr)


def finish(r: dict) -> dict:
    if r.get("times"):
        r["median"] = statistics.median(r["times"])
    if r.get("ref_times"):
        r["ref_median"] = statistics.median(r["ref_times"])
        if r.get("median"):
            r["ratio"] = r["median"] / r["ref_median"]
    return r


def worker(step: str, args) -> None:
    global PROFILE_ON
    PROFILE_ON = args.profile
    try:
        r = WORKERS[step](args)
    except NotLanded as exc:
        r = {"not_landed": str(exc)}
    except Exception as exc:  # report, keep the suite going
        r = {"error": f"{type(exc).__name__}: {exc}"}
    r["peak_mb"] = r.get("peak_mb", peak_mb())
    if PROFILE:
        r["profile"] = PROFILE[0]
    sys.stdout.write("RESULT " + json.dumps(r) + "\n")


def _profile_step(sid: str, args) -> str:
    cmd = [PY, __file__, "--worker", sid, "--repeat", "1", "--profile"]
    cmd += ["--quick"] if args.quick else []
    if sid not in WORKERS:
        extra = _cli_profile_args(sid, args)
        if extra is None:
            return ""
        cmd = [PY, "-c", _PROFILE_CLI, *extra]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    line = [x for x in res.stdout.splitlines() if x.startswith("RESULT ")]
    if not line:
        return f"(profiling failed: {res.stderr.strip()[-300:]})"
    return json.loads(line[-1][7:]).get("profile", "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the reterete benchmark suite.")
    parser.add_argument("--quick", action="store_true",
                        help="M instead of L, smaller graphs, 2 runs; writes _data/")
    parser.add_argument("--only", default="", help="comma-separated step id prefixes")
    parser.add_argument("--repeat", type=int, default=None, help="runs per step (5)")
    parser.add_argument("--out", type=Path, default=None, help="where to write the table")
    parser.add_argument("--render", action="store_true",
                        help="only rewrite the table from the last run's saved results")
    parser.add_argument("--merge", action="store_true",
                        help="with --only: put these rows into the full run's saved results "
                             "and rewrite benchmarks/RESULTS.md (other rows kept as measured)")
    parser.add_argument("--no-profile", action="store_true",
                        help="do not profile the rows that miss their target")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.repeat_given = args.repeat is not None
    args.repeat = args.repeat or (2 if args.quick else 5)
    args.big = "M" if args.quick else "L"
    if args.worker:
        worker(args.worker, args)
        return
    if args.merge and (not args.only or args.quick):
        parser.error("--merge adds --only rows to the full run's results (not --quick)")
    full = args.merge or not (args.quick or args.only)
    out = args.out or (HERE / "RESULTS.md" if full else generate.DATA_DIR / "RESULTS-quick.md")
    saved = generate.DATA_DIR / ("results.json" if full else "results-quick.json")
    if args.render:
        state = json.loads(saved.read_text())
        args.quick, args.only, args.repeat = state["quick"], state["only"], state["repeat"]
        text = render(state["results"], args, state["started"], state["elapsed"],
                      state.get("merged", []))
        out.write_text(text, encoding="utf-8")
        print(f"written to {out}", file=sys.stderr)
        return
    wanted = [s.id for s in STEPS if (any(s.id.startswith(p.strip())
                                          for p in args.only.split(",")) if args.only
                                      else s.quick or not args.quick)]
    for size in ("S", "M", args.big):
        generate.ensure(size)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    t0 = time.perf_counter()
    results: dict[str, dict] = {}
    for sid in wanted:
        print(f"[{time.strftime('%H:%M:%S')}] {sid} ...", file=sys.stderr, flush=True)
        if sid in WORKERS:
            cmd = [PY, __file__, "--worker", sid]
            cmd += ["--repeat", str(args.repeat)] if args.repeat_given else []
            cmd += ["--quick"] if args.quick else []
            res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            line = [x for x in res.stdout.splitlines() if x.startswith("RESULT ")]
            r = json.loads(line[-1][7:]) if line else {
                "error": f"worker failed: {res.stderr.strip()[-300:]}"}
        else:
            fn = PROCESS[sid]
            try:
                r = fn(args, results) if sid in NEEDS_DONE else fn(args)
            except NotLanded as exc:
                r = {"not_landed": str(exc)}
        results[sid] = finish(r)
        step = next(x for x in STEPS if x.id == sid)
        if step.check(r) is False and not args.no_profile and step.quick:
            print("    profiling the miss ...", file=sys.stderr, flush=True)
            results[sid]["profile"] = _profile_step(sid, args)
        print(f"    {json.dumps({k: v for k, v in r.items() if k != 'notes'})[:300]}",
              file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - t0
    saved.parent.mkdir(parents=True, exist_ok=True)
    state = {"results": results, "quick": args.quick, "only": args.only,
             "repeat": args.repeat, "started": started, "elapsed": elapsed, "merged": []}
    if args.merge and not saved.exists():
        # no full run's saved results here: replace (or add) these rows in the
        # table as written, the other rows kept as they stand
        _merge_rows(out, results, args, started, elapsed)
        return
    if args.merge:  # the full run's rows stay; these replace or join them
        state = json.loads(saved.read_text())
        state["results"].update(results)
        state.setdefault("merged", []).append(
            {"only": args.only, "started": started, "elapsed": elapsed,
             "repeat": args.repeat if args.repeat_given else None})
        args.quick, args.only, args.repeat = state["quick"], state["only"], state["repeat"]
    saved.write_text(json.dumps(state))
    text = render(state["results"], args, state["started"], state["elapsed"],
                  state.get("merged", []))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
