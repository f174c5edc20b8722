"""The id columns of a million-row log are assembled without a Python object
per row (issue 15): each spelling normalised once, first appearances by one
ufunc pass, rows already in order left as they are. The route before that
work is kept here, as it was, as the oracle: on random interaction tables
(spellings that differ in case and spaces, aliases, self-contacts, missing
optional cells, one or two files, rows in and out of order) both give the
same Network, the same warnings and the same actors in the same order."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete.errors import Problem
from reterete.i18n import M_
from reterete.identity import distinct, normalize_name, take
from reterete.ingest import _STR, _assemble, _text, registered_actors
from reterete.network import INTERACTION_COLUMNS, Network


# ------------------------------------------------ the route before issue 15
def old_assemble(inter: pd.DataFrame, registry: pd.DataFrame | None, merges: dict[str, str],
              warnings: list[Problem]) -> Network:
    """Ids, display names, aliases, sites, self-contacts: one Network.

    Everything is worked out over distinct spellings and integer codes, then
    gathered once per column: a million rows name a few thousand actors."""
    names: dict[str, str] = {}
    if registry is not None:
        names.update(zip(registry.index, registry["name"], strict=True))
    # one id space for every actor column: codes into `ids`, -1 where missing
    cols = [c for c in ("source", "target", "recorded_by") if c in inter]
    local = {}
    for col in cols:
        codes, uniques = distinct(inter[col])
        keys = [merges.get(k, k) for k in (normalize_name(u) for u in uniques)] if merges \
            else [normalize_name(u) for u in uniques]
        local[col] = (codes, uniques, keys)
    gid_of_key, ids = pd.factorize(pd.Index([k for c in cols for k in local[c][2]],
                                            dtype=object))
    ids = np.asarray(ids, dtype=object)
    gids, offset = {}, 0
    spellings, first_gid, first_pos, first_spell = [], [], [], []
    for k, col in enumerate(cols):
        codes, uniques, keys = local[col]
        to_gid = np.append(gid_of_key[offset:offset + len(keys)], -1)
        gids[col] = to_gid[codes]
        # where each spelling first appears, as row * columns + column
        seen = pd.unique(codes[codes >= 0]).astype(np.int64)
        at = pd.Series(np.arange(len(codes))).groupby(codes).min()
        first_gid.append(to_gid[seen])
        first_pos.append(at.reindex(seen).to_numpy() * len(cols) + k)
        first_spell.append(seen + len(spellings))
        spellings.extend(str(u) for u in uniques)
        offset += len(keys)
    # display name: the spelling met first in row order (source before target)
    if first_gid:
        g, pos, sp_code = (np.concatenate(x) for x in (first_gid, first_pos, first_spell))
        order = np.lexsort((pos, g))
        g, sp_code = g[order], sp_code[order]
        lead = np.r_[True, g[1:] != g[:-1]] if len(g) else np.zeros(0, bool)
        for gid, code in zip(g[lead].tolist(), sp_code[lead].tolist(), strict=True):
            names.setdefault(ids[gid], spellings[code])
    site_names: dict[str, str] = {}
    if registry is not None and "sites" in registry:
        for sites in registry["sites"]:
            for s in sites:
                site_names.setdefault(normalize_name(s), s)
    site = None
    if "site" in inter:
        codes, uniques = distinct(inter["site"])
        keys = [normalize_name(u) for u in uniques]
        for u in pd.unique(codes):
            if u >= 0:
                site_names.setdefault(keys[u], str(uniques[u]))
        site = _text([site_names[k] for k in keys], codes)
    src, tgt = gids["source"], gids["target"]
    self_mask = (src == tgt) & (src >= 0)
    for j in np.flatnonzero(self_mask):
        who = ids[src[j]]
        warnings.append(Problem(str(inter["file"].iat[j]), int(inter["row"].iat[j]), None,
                                names.get(who, who),
                                M_("is a contact of an actor with itself: left out")))
    n = len(inter)
    columns: dict[str, object] = {}
    for col in INTERACTION_COLUMNS:
        if col in gids:
            columns[col] = take(ids, gids[col])
        elif col == "site" and site is not None:
            columns[col] = site
        elif col in inter:
            columns[col] = inter[col].to_numpy() if not isinstance(
                inter[col].dtype, pd.CategoricalDtype) else inter[col]
        else:
            columns[col] = {"duration_min": np.nan, "weight": 1.0}.get(col)
    extra = [c for c in inter.columns if c not in INTERACTION_COLUMNS]
    for col in extra:
        columns[col] = inter[col].to_numpy()
    out = pd.DataFrame({c: old_column(v, n, c) for c, v in columns.items()},
                       index=pd.RangeIndex(n), copy=False)
    out["weight"] = pd.to_numeric(out["weight"]).fillna(1.0)
    out["duration_min"] = pd.to_numeric(out["duration_min"]).astype(float)
    out["date"] = pd.to_datetime(out["date"])
    keep = ~self_mask
    order = old_order(out["date"], out["file"], out["row"], keep)
    if order is not None:
        out = out.take(order).reset_index(drop=True)
        src, tgt = src[order], tgt[order]
    # only people who took part in a contact are actors; a worker id in
    # recorded_by of a pairwise log is provenance, not a tie
    seen = ids[pd.unique(np.concatenate([src, tgt]))] if len(out) else np.array([], object)
    table = registered_actors({a: names.get(a, a) for a in seen}, registry, warnings)
    return Network(table, out, tuple(warnings), site_names)



def old_column(values: object, n: int, name: str) -> object:
    """One interactions column: text of a categorical as Arrow-backed strings
    (decoded in Arrow, not cell by cell), a default broadcast to ``n`` rows."""
    if values is None or np.ndim(values) == 0:
        return np.full(n, values, dtype=object if values is None else float)
    if isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        return _text(values.cat.categories, np.asarray(values.cat.codes))
    if name in _TEXT and not isinstance(values, pd.Series):
        # pandas 3's "str" (on pandas 2, "str" was numpy's: None became 'None')
        return pd.Series(values, dtype=object).astype(_STR)
    if isinstance(values, np.ndarray) and values.dtype == object:
        return pd.Series(values, dtype=object, copy=False)  # no guessing a string dtype
    return values



def old_order(dates: pd.Series, files: pd.Series, rows: pd.Series,
           keep: np.ndarray) -> np.ndarray | None:
    """Positions of the kept rows sorted by date, file and row (stable), or
    None when every row is kept and already in that order."""
    d = dates.to_numpy()
    if dates.isna().any() or rows.isna().any():  # pandas puts missing values last
        frame = pd.DataFrame({"d": dates, "f": files, "r": rows})[keep]
        return frame.sort_values(["d", "f", "r"], kind="stable").index.to_numpy()
    f, _ = pd.factorize(files, sort=True)
    r = rows.to_numpy(dtype=np.int64)
    d = d.view(np.int64)
    if keep.all() and len(d) > 1:
        step_d, step_f, step_r = np.diff(d), np.diff(f), np.diff(r)
        if ((step_d > 0) | ((step_d == 0) & ((step_f > 0) | ((step_f == 0) & (step_r >= 0)))))\
                .all():
            return None
    idx = np.flatnonzero(keep)
    return idx[np.lexsort((r[idx], f[idx], d[idx]))]


#: columns whose text reaches people as pandas' string dtype
_TEXT = ("site", "kind", "file")


# ---------------------------------------------------------------- the test
spelling = st.sampled_from(["Ada", "ada", " Ada ", "ADA", "Bea", "bea  rossi", "Bea Rossi",
                            "Caffè Roma", "caffè  roma", "Cy", "Straße", "STRASSE", "1"])
site = st.sampled_from(["Piazza Roma", "piazza roma", "Orto", None])


@st.composite
def interactions(draw):
    n = draw(st.integers(0, 25))
    src = draw(st.lists(spelling, min_size=n, max_size=n))
    tgt = draw(st.lists(spelling | st.none(), min_size=n, max_size=n)) if draw(
        st.integers(0, 5)) == 0 else draw(st.lists(spelling, min_size=n, max_size=n))
    days = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    if draw(st.booleans()):
        days = sorted(days)
    rows = list(range(2, n + 2))
    if draw(st.booleans()):
        rows = draw(st.permutations(rows))
    files = draw(st.lists(st.sampled_from(["a.csv", "b.csv"]), min_size=n, max_size=n)) \
        if draw(st.booleans()) else ["a.csv"] * n
    frame = pd.DataFrame({
        "date": pd.to_datetime("2024-09-01") + pd.to_timedelta(days, unit="D"),
        "source": src, "target": tgt,
        "site": draw(st.lists(site, min_size=n, max_size=n)),
        "duration_min": draw(st.lists(st.sampled_from([np.nan, 5.0, 12.5]),
                                      min_size=n, max_size=n)),
        "row": np.array(rows, dtype=np.int64),
    })
    if draw(st.booleans()):
        frame["recorded_by"] = draw(st.lists(st.sampled_from(["Ugo", "ugo", None]),
                                             min_size=n, max_size=n))
    if draw(st.booleans()):  # as the CSV reader gives them: categoricals
        for col in ("source", "target", "site"):
            frame[col] = frame[col].astype("category")
    frame["file"] = pd.Categorical(files) if len(set(files)) > 1 or draw(st.booleans()) \
        else pd.Series(files, dtype=object)
    merges = draw(st.sampled_from([{}, {"ada": "bea rossi"}, {"cy": "ada", "1": "cy"}]))
    return frame, merges


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interactions())
def test_assemble_equals_the_route_before(case):
    frame, merges = case
    new_warnings: list[Problem] = []
    old_warnings: list[Problem] = []
    new = _assemble(frame.copy(), None, merges, new_warnings)
    old = old_assemble(frame.copy(), None, merges, old_warnings)
    pd.testing.assert_frame_equal(new.interactions, old.interactions)
    pd.testing.assert_frame_equal(new.actors, old.actors)
    assert new.site_names == old.site_names
    assert [str(w) for w in new.warnings] == [str(w) for w in old.warnings]


def test_a_column_outside_the_schema_arrives_as_written(tmp_path):
    # the CSV reader's text of an extra column goes through as Python strings
    # (no dtype guessed on the way), as the route before gave it
    from reterete.ingest import read_contacts

    path = tmp_path / "log.csv"
    path.write_text("Data;Attore 1;Attore 2;Classe\n02/09/2024;Ada;Bea;2BIO1\n"
                    "03/09/2024;Bea;Cy; \n", encoding="utf-8")
    inter = read_contacts(path).interactions
    assert inter["Classe"].dtype == object
    assert inter["Classe"].tolist() == ["2BIO1", " "]
    registry = tmp_path / "attori.csv"
    registry.write_text("Nome;Tipo\nADA;scuola\n", encoding="utf-8")
    net = read_contacts(path, actors=registry)
    assert net.actors.loc["ada", "name"] == "ADA" and net.actors.loc["bea", "name"] == "Bea"
