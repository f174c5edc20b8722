"""Pseudonyms for persons, so pages, reports and tables can be shared.

A person's pseudonym is a keyed hash of their actor id (HMAC-SHA256, RFC 2104):
the same key always gives the same pseudonym, so pages made in September and
December can be compared, while nobody without the key can link a pseudonym
back to a name (trying candidate names needs the key).

What an anonymised network keeps (:func:`anonymize_network`): organisations'
names (an organisation is an actor whose registry ``is_person`` is false),
the kinds and sectors of actors and the kinds of contact (categories), dates,
durations and tie structure, so every figure is unchanged. Everything else a
person typed is free text that may name someone, and is pseudonymised or
left out: persons become ``Person 3F9A2C``, sites ``Site 1B07E4``, events
``Event 9C2D11`` and file names ``File 4E5F60``; notes, other log columns
holding text, registry attributes beyond the standard columns, aliases and
the reader's warnings are left out. A real name given to a command (``--site
"Piazza Roma"``, ``--include "Mario Rossi"``) is matched to its pseudonym
with :func:`shown_name`.

The key is a secret the user controls (:func:`load_key`): the environment
variable ``RETERETE_KEY``, else a key file named by the caller or by
``RETERETE_KEY_FILE``, else ``~/.config/reterete/key``, created with a random
key on first use. Nothing here logs or prints personal data.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path

import networkx as nx
import pandas as pd

from .errors import InputError
from .identity import normalize_name
from .network import ACTOR_COLUMNS, INTERACTION_COLUMNS, Network

__all__ = ["pseudonym", "pseudonyms", "load_key", "default_key_file", "anonymize_network",
           "anonymize_graph", "shown_name", "SITE_PREFIX", "prefixes"]

#: Word in front of a site's pseudonym in English (:func:`prefixes` gives the
#: words of the language in force: ``Luogo`` in Italian).
SITE_PREFIX = "Site"


def prefixes() -> dict[str, str]:
    """The words in front of pseudonyms in the language in force: ``Person``,
    ``Site``, ``Event``, ``File`` in English; ``Persona``, ``Luogo``,
    ``Incontro``, ``File`` in Italian. The code after the word depends only on
    the key and the name, so a person keeps the same code in both languages.

    >>> from reterete.i18n import language
    >>> with language("it"):
    ...     prefixes()["person"], prefixes()["site"]
    ('Persona', 'Luogo')
    """
    from .i18n import pgettext

    return {"person": pgettext("pseudonym", "Person"), "site": pgettext("pseudonym", "Site"),
            "event": pgettext("pseudonym", "Event"), "file": pgettext("pseudonym", "File")}

#: Hex digits of the digest shown in a pseudonym (24 bits); colliding persons
#: of one network get :data:`_LONG` digits instead (see :func:`anonymize_network`).
_SHORT = 6
_LONG = 16


def pseudonym(actor_id: str, key: bytes | str, *, prefix: str | None = None,
              length: int = _SHORT) -> str:
    """Stable pseudonym of an actor: ``prefix`` and a keyed hash of its id.

    .. math:: \\mathrm{pseudonym}(a) = \\mathrm{prefix}\\;
              \\mathrm{HEX}(\\mathrm{HMAC\\text{-}SHA256}(key, \\mathrm{id}(a)))_{1..length}

    The id is normalised first (:func:`reterete.identity.normalize_name`), so
    "Mario Rossi" and " mario  ROSSI" get the same pseudonym.

    Parameters
    ----------
    actor_id : str
        Actor id or name.
    key : bytes or str
        The secret (a str is encoded as UTF-8).
    prefix : str, optional
        Word in front of the code (default: ``Person`` in the language in
        force, :func:`prefixes`).
    length : int
        Hex digits kept (1 to 64).

    Returns
    -------
    str
        For example ``"Person 3F9A2C"``.

    References
    ----------
    .. [1] H. Krawczyk, M. Bellare, R. Canetti, "HMAC: Keyed-Hashing for
       Message Authentication", RFC 2104, 1997.

    Examples
    --------
    >>> pseudonym("Mario Rossi", b"secret")
    'Person 141778'
    >>> pseudonym(" mario  ROSSI", b"secret") == pseudonym("Mario Rossi", b"secret")
    True
    """
    if not 1 <= length <= 64:
        raise InputError("a pseudonym keeps between 1 and 64 hex digits")
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if not raw:
        raise InputError("the pseudonym key is empty")
    digest = hmac.new(raw, normalize_name(actor_id).encode("utf-8"), hashlib.sha256)
    if prefix is None:
        prefix = prefixes()["person"]
    return f"{prefix} {digest.hexdigest()[:length].upper()}"


def pseudonyms(ids: Iterable[Hashable], key: bytes | str, *, prefix: str | None = None
               ) -> dict[Hashable, str]:
    """Pseudonyms of several actors at once, never two alike.

    Each gets :func:`pseudonym`; actors whose short forms collide get the
    long form (16 hex digits) instead, so they stay apart.

    Examples
    --------
    >>> pseudonyms(["Mario Rossi"], b"secret")
    {'Mario Rossi': 'Person 141778'}
    """
    ids = list(dict.fromkeys(ids))
    short = {a: pseudonym(str(a), key, prefix=prefix) for a in ids}
    counts = pd.Series(list(short.values()), dtype=object).value_counts()
    clash = set(counts.index[counts.to_numpy() > 1])
    return {a: pseudonym(str(a), key, prefix=prefix, length=_LONG) if p in clash else p
            for a, p in short.items()}


def shown_name(name: str, key: bytes | str, known: Iterable[str], *,
               prefix: str | None = None) -> str:
    """The name under which ``name`` appears in an anonymised network whose
    ids (or site keys) are ``known``: itself when known (an organisation, or
    a pseudonym given as such), else its pseudonym (short or long form) when
    that is known, else ``name`` unchanged (so the caller's "not found"
    message applies).

    This lets a user name a person or a site by their real name on the
    command line while every output shows only the pseudonym.

    Examples
    --------
    >>> known = {"caritas", "person 141778"}
    >>> shown_name("Mario Rossi", b"secret", known), shown_name("Caritas", b"secret", known)
    ('Person 141778', 'Caritas')
    >>> shown_name("Person 141778", b"secret", known)
    'Person 141778'
    """
    known = set(known)
    if normalize_name(name) in known:
        return name
    for length in (_SHORT, _LONG):
        fake = pseudonym(name, key, prefix=prefix, length=length)
        if normalize_name(fake) in known:
            return fake
    return name


def default_key_file() -> Path:
    """Where the key lives unless told otherwise: ``$XDG_CONFIG_HOME/reterete/key``
    (``~/.config/reterete/key``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "reterete" / "key"


def load_key(key_file: str | os.PathLike[str] | None = None, *,
             on_create: Callable[[Path], None] | None = None) -> bytes:
    """The secret behind pseudonyms.

    Looked for in this order: the environment variable ``RETERETE_KEY`` (its
    text is the key); the file ``key_file``; the file named by
    ``RETERETE_KEY_FILE``; :func:`default_key_file`. A key file that does not
    exist yet is created with 32 random bytes (hex), readable by its owner
    only, so the first anonymised page fixes the pseudonyms of every later one;
    ``on_create`` is then called with its path (the command line says where
    it was created, once).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "key"
    >>> key = load_key(path)
    >>> load_key(path) == key
    True
    """
    env = os.environ.get("RETERETE_KEY")
    if env:
        return env.encode("utf-8")
    if key_file is None:
        named = os.environ.get("RETERETE_KEY_FILE")
        path = Path(named) if named else default_key_file()
    else:
        path = Path(key_file)
    path = path.expanduser()
    if path.is_dir():
        from .i18n import _

        raise InputError(_("the key file {path} is a folder").format(path=path))
    if not path.exists():
        _create_key_file(path)
        if on_create is not None:
            on_create(path)
    try:
        key = path.read_bytes().strip()
    except NotADirectoryError:
        raise InputError(_config_not_folder(path)) from None
    if not key:
        from .i18n import _

        raise InputError(_("the key file {path} is empty: delete it to get a new random key, "
                           "or write a secret in it").format(path=path))
    return key


def anonymize_network(net: Network, key: bytes | str) -> Network:
    """The same network with every person under a pseudonym and no notes.

    Persons are actors whose ``is_person`` is true. Their id and name become
    the pseudonym (see :func:`pseudonym`), in the actors table and in the
    ``source``, ``target`` and ``recorded_by`` columns of the interactions;
    ``recorded_by`` names that are not a known organisation are treated as
    persons. Sites become ``Site ...`` pseudonyms (in the interactions, the
    actors' ``sites`` and ``site_names``), events ``Event ...`` and file names
    ``File ...``. Notes, extra registry attributes of persons, extra
    attributes and log columns holding text (of anyone), and the ingest
    warnings (which quote cell values) are left out. Organisations, kinds,
    sectors, dates and tie structure are unchanged, so every metric gives
    the same numbers (a site's figures are those of its pseudonym).

    Two persons whose short pseudonyms collide both get the long form (16 hex
    digits), so no two actors are ever merged.

    Examples
    --------
    >>> net = Network.from_interactions(pd.DataFrame({
    ...     "date": ["2024-09-02", "2024-09-03"], "source": ["Mario Rossi", "Mario Rossi"],
    ...     "target": ["Caritas", "Anna Bianchi"], "note": ["at home", "sad"]}),
    ...     actors=pd.DataFrame({"name": ["Mario Rossi", "Anna Bianchi", "Caritas"],
    ...                          "kind": ["resident", "resident", "association"]}))
    >>> anon = anonymize_network(net, b"secret")
    >>> sorted(anon.actors["name"])
    ['Caritas', 'Person 141778', 'Person F1FFD3']
    >>> bool(anon.interactions["note"].isna().all())
    True
    >>> anon.sites == anonymize_network(net, b"secret").sites   # stable
    True
    """
    actors = net.actors
    persons = actors.index[actors["is_person"].astype(bool).to_numpy()]
    names = pseudonyms(list(persons), key)
    ids = {a: normalize_name(p) for a, p in names.items()}
    site_of = _site_pseudonyms(net, key)

    new_actors = actors.copy()
    extra = [c for c in new_actors.columns if c not in ACTOR_COLUMNS]
    if len(persons):
        new_actors.loc[persons, "name"] = [names[a] for a in persons]
        for col in extra:
            new_actors[col] = new_actors[col].astype(object)
            new_actors.loc[persons, col] = None
    # free text of organisations' attributes (a contact person, an address) goes too
    new_actors = new_actors.drop(columns=[c for c in extra if _textual(new_actors[c])])
    new_actors["sites"] = [tuple(site_of.get(normalize_name(x), x) for x in t)
                           if isinstance(t, tuple) else t for t in new_actors["sites"]]
    new_actors.index = pd.Index([ids.get(a, a) for a in new_actors.index], name="actor",
                                dtype=object)

    inter = net.interactions.copy()
    for col in ("source", "target"):
        inter[col] = inter[col].map(lambda a: ids.get(a, a))
    organisations = set(actors.index[~actors["is_person"].astype(bool).to_numpy()])
    inter["recorded_by"] = _anonymize_recorders(inter["recorded_by"], organisations, names,
                                                key)
    if "event" in inter:
        inter["event"] = _pseudonymise_column(inter["event"], key, prefixes()["event"])
    if "site" in inter:
        inter["site"] = [None if _blank(s) else site_of.get(normalize_name(s), s)
                         for s in inter["site"]]
    if "file" in inter:
        inter["file"] = _pseudonymise_column(inter["file"], key, prefixes()["file"])
    inter["note"] = None
    extra_cols = [c for c in inter.columns if c not in INTERACTION_COLUMNS]
    inter = inter.drop(columns=[c for c in extra_cols if _textual(inter[c])])
    site_names = {normalize_name(p): p for p in site_of.values()}
    return Network(new_actors, inter, (), site_names, net.timezone)


def anonymize_graph(G: nx.Graph, key: bytes | str) -> nx.Graph:
    """A copy of ``G`` with persons (node attribute ``is_person`` true)
    relabelled and renamed by their pseudonyms, and the ``sites`` of nodes
    and edges under site pseudonyms; other nodes keep their names.

    Examples
    --------
    >>> G = nx.Graph([("mario rossi", "caritas")])
    >>> G.nodes["mario rossi"].update(name="Mario Rossi", is_person=True)
    >>> sorted(anonymize_graph(G, b"secret"))
    ['caritas', 'person 141778']
    """
    persons = [n for n, p in G.nodes(data="is_person") if p]
    names = pseudonyms(persons, key)
    site_keys = {normalize_name(x) for _, t in G.nodes(data="sites") for x in (t or ())}
    site_keys |= {normalize_name(x) for *_, t in G.edges(data="sites") for x in (t or ())}
    site_of = pseudonyms(sorted(site_keys), key, prefix=prefixes()["site"])
    H = G.copy()
    for n in persons:
        H.nodes[n]["name"] = names[n]
        H.nodes[n].pop("note", None)
    for _, d in H.nodes(data=True):
        if d.get("sites"):
            d["sites"] = tuple(site_of[normalize_name(x)] for x in d["sites"])
    for *_, d in H.edges(data=True):
        if d.get("sites"):
            d["sites"] = tuple(site_of[normalize_name(x)] for x in d["sites"])
    return nx.relabel_nodes(H, {n: normalize_name(names[n]) for n in persons}, copy=True)


# ---------------------------------------------------------------------------
def _anonymize_recorders(values: pd.Series, organisations: set[str], names: dict[str, str],
                         key: bytes | str) -> list[str | None]:
    out: list[str | None] = []
    cache: dict[object, str | None] = {}
    for v in values:
        if v not in cache:
            if _blank(v):
                cache[v] = None
            else:
                rid = normalize_name(v)
                cache[v] = (str(v) if rid in organisations
                            else names.get(rid) or pseudonym(rid, key))
        out.append(cache[v])
    return out


def _site_pseudonyms(net: Network, key: bytes | str) -> dict[str, str]:
    """Site key -> its pseudonym, for every site of the logs and the registry."""
    keys = set(net.site_names)
    for t in net.actors["sites"]:
        if isinstance(t, tuple):
            keys.update(normalize_name(x) for x in t)
    return pseudonyms(sorted(k for k in keys if k), key, prefix=prefixes()["site"])


def _pseudonymise_column(values: pd.Series, key: bytes | str, prefix: str) -> list[str | None]:
    cache: dict[object, str | None] = {}
    out = []
    for v in values:
        if v not in cache:
            cache[v] = None if _blank(v) else pseudonym(str(v), key, prefix=prefix)
        out.append(cache[v])
    return out


def _textual(column: pd.Series) -> bool:
    """Whether a column holds text (free text may name someone): any string in it."""
    if column.dtype.kind in "biufcmM":
        return False
    return any(isinstance(v, str) for v in column.dropna().tolist())


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str)
                                                               and not v.strip())


def _config_not_folder(path: Path) -> str:
    from .i18n import _

    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            return _("cannot keep the key file {path}: {parent} is a file where a folder is "
                     "expected. Move that file away, or name a key file with --key-file or "
                     "RETERETE_KEY_FILE.").format(path=path, parent=parent)
    return _("cannot keep the key file {path}: a part of its path is not a folder.").format(
        path=path)


def _create_key_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError(_config_not_folder(path)) from None
    # written whole to a private temporary file, then linked into place: a full
    # disk leaves no half key, and a key another process made first is kept
    fd, tmp = tempfile.mkstemp(prefix=".key.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
