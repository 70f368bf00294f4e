"""Measure the matcher's answers on real users' spellings: right, wrong, silent wrong, abstain, by score.

    python scripts/evaluate.py [--shared DIR] [--cache DIR] [--rebuild] [--sets S,S] [--packs P,P]
                               [--limit N] [--baseline-limit N] [--json]

Packs. Two are built from ../shared/data **without the OCHA source** into --cache (reused when present
and of this toponym's index format): "bare" = Who's On First + OpenSyria; "full" = the same + the
curated layer + the world layer. "embedded" is the default users get (``toponym.load("embedded")``),
OCHA included.

Sets (``--sets``, default all; each reported on its own):

- ``crosswalk`` (../shared/eval/crosswalk_dev.tsv): 1,539 OCHA English spellings with their governorate
  and district as OCHA writes them. Packs bare and full (the queries are OCHA's: with OCHA in the pack
  they would match trivially); no hint, governorate, governorate + district. Right = within 3 km.
- ``ucdp`` (../shared/eval/ucdp_dev.tsv): 863 spellings from the UCDP GED conflict-event table (Syria
  2016–2019) with the governorate as UCDP writes it ("Idlib Governorate"). The full pack and the
  embedded default (UCDP's spellings are not OCHA's, so OCHA in the pack is legitimate: it is what
  users get); no hint and governorate. Right = within 5 km. Split in two: ``geonames`` — the query is
  spelled exactly as a GeoNames name, i.e. ``normalize(query)`` equals ``normalize`` of a name that
  Who's On First or a GeoNames dump gives (``Name.source`` "wof" or "geonames"; WOF's localities are
  GeoNames imports) to a place with a ``geonames:`` id; decided once, from the full pack when it is
  evaluated, else from the embedded one (the rule reads only those sources' names, so both give the
  same split) — and ``other``, the rest. (Up to ``normalize`` — case, accents, ʿayn marks — two thirds
  of the queries are GeoNames spellings; letter for letter, the count also printed, about half.)
- ``ucdp_written``: the same UCDP rows by their location as the table writes it (the
  ``where_coordinates`` field of ``source_row``: "Aydun/Abdun village", "Aaliyah (Qurujah) village",
  "Kafr Batna suburb"), which is what a user holding UCDP's table has; ``ucdp_dev.tsv``'s ``query`` is
  one name taken out of it. Same packs, hints and radius.
- ``arabic``: the Arabic names of OCHA's communities (``NAME_ARA`` of
  ../shared/data/ocha-cod-syria-2015/syr_admin4_point.geojson, read at run time; the file is not valid
  UTF-8 everywhere, so it is decoded with errors="replace" and names holding U+FFFD are skipped), gold
  = the community's point. The full pack (no OCHA, so the Arabic names are not OCHA's own); no hint and
  the governorate (``ADMIN1_EN``, OCHA's English spelling). Right = within 3 km.
- ``journalistic`` (tests/cases/journalistic.tsv): well-known towns as journalists write them; right =
  within each row's tolerance. Embedded, bare and full; no hint.
- ``non_places`` (tests/cases/non_places.tsv): strings that are not places; the share ``resolve``
  answers anything for (false matches). Embedded, bare and full.

For every (set, pack, hint) and subset: right, wrong (an answer farther than the set's radius), silent
wrong (wrong and not marked ``ambiguous``: a confident mistake, with no warning to the user), abstain
(``resolve`` answers None), ambiguous; among answers scored >= 95 the share right; the share with a
right place among ``candidates(limit=5)`` ("@5"); the share right *or* marked ambiguous with a right
place among ``candidates(limit=5)`` ("r|amb@5": what a user who checks the flagged answers gets).
Score bands: the best candidate (``candidates(limit=5)[0]``, also below the resolve threshold) by its
score, 100, [95,100), [90,95), [85,90), [80,85), <80, and how often it is right. Without a hint, ties:
the queries whose best score several places share, one of them right, and how many a random pick among
the tied places and our tie-breaks get right (what the name alone cannot decide).

The naive baseline (unidecode + rapidfuzz WRatio, ``process.extractOne`` over every Latin name, no hint)
is scored on the crosswalk (bare pack) and UCDP (full pack) queries, ``--baseline-limit`` of them.
Speed is measured by scripts/bench_resolve.py, each figure in a fresh process.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import toponym
from toponym.gazetteer import Gazetteer
from toponym.geo import haversine_km
from toponym.models import Match
from toponym.resolve.ranking import RESOLVE_THRESHOLD

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"
PACK_FILES = {"bare": "wof-opensyria.db", "full": "wof-opensyria-curated-world.db"}
PACK_LABELS = ("bare", "full", "embedded")
SET_NAMES = ("crosswalk", "ucdp", "ucdp_written", "arabic", "journalistic", "non_places")
CROSSWALK_KM = 3.0
UCDP_KM = 5.0
ARABIC_KM = 3.0
CANDIDATES = 5  # "right among candidates(limit=5)"
TIE_LIMIT = 60  # candidates looked at for ties without a hint (the largest crosswalk tie has 36 places)
CONFIDENT = 95.0  # the targets: answers scored at least this are right >= 97% of the time,
TARGET_CONFIDENT_RIGHT = 0.97
TARGET_SILENT = 0.02  # and at most 2% of the queries get a wrong answer not marked ambiguous
# (label, low, high): a score s falls in the band low <= s < high
SCORE_BANDS = (
    ("100", 100.0, float("inf")),
    ("[95,100)", 95.0, 100.0),
    ("[90,95)", 90.0, 95.0),
    ("[85,90)", 85.0, 90.0),
    ("[80,85)", 80.0, 85.0),
    ("<80", float("-inf"), 80.0),
)
GEONAMES_SOURCES = frozenset({"wof", "geonames"})
HINTS: dict[str, Callable[[Query], dict[str, str]]] = {
    "none": lambda q: {},
    "admin1": lambda q: {"admin1": q.admin1},
    "admin1+admin2": lambda q: {"admin1": q.admin1, "admin2": q.admin2},
}


@dataclass(frozen=True)
class Query:
    text: str
    lat: float
    lon: float
    km: float  # right = within this distance of the gold point
    admin1: str = ""
    admin2: str = ""
    group: str = ""  # the subset it belongs to ("geonames"/"other" for UCDP)
    note: str = ""  # the source row, for the misses listing


@dataclass(frozen=True)
class Outcome:
    """One query through one (pack, hint): what resolve answered and what the candidates held."""

    query: Query
    answer: Match | None
    right: bool
    best_score: float | None  # candidates(limit=5)[0].score
    best_right: bool
    right_rank: int | None  # 1-based rank of the first right place among candidates(limit=5)
    agrees: bool  # resolve's answer is candidates(limit=5)[0] (same place, same flag) or both absent


@dataclass
class SetReport:
    name: str
    title: str
    configs: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    shared = Path(args.shared).resolve()
    sets, labels = args.sets, args.packs
    needed = {label for name in sets for label in _SET_PACKS[name]} & set(labels)
    paths = ensure_packs(shared / "data", Path(args.cache), needed - {"embedded"}, rebuild=args.rebuild)
    gazetteers = {label: _open(label, paths) for label in PACK_LABELS if label in needed}
    report: dict[str, Any] = {
        "packs": {label: {"path": str(g.path), "places": len(g)} for label, g in gazetteers.items()},
        "sets": {},
    }
    for name in sets:
        if not any(label in gazetteers for label in _SET_PACKS[name]):
            continue
        print(f"evaluating {name} ...", file=sys.stderr)
        result = _SETS[name](shared, gazetteers, args)
        report["sets"][name] = {"title": result.title, "configs": result.configs, **result.extra}
    if args.json:
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        _print(report)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=os.environ.get("TOPONYM_SHARED", REPO.parent / "shared"))
    parser.add_argument("--cache", default=Path(tempfile.gettempdir()) / "toponym-evaluate")
    parser.add_argument("--rebuild", action="store_true", help="build the packs even if cached")
    parser.add_argument("--crosswalk", help="another crosswalk TSV of the same layout")
    parser.add_argument("--ucdp", help="another UCDP TSV of the same layout")
    parser.add_argument("--sets", default=",".join(SET_NAMES), help=f"comma-separated: {','.join(SET_NAMES)}")
    parser.add_argument("--packs", default=",".join(PACK_LABELS), help="comma-separated: bare,full,embedded")
    parser.add_argument("--limit", type=int, default=0, help="the first N queries of each set (0: all)")
    parser.add_argument(
        "--baseline-limit", type=int, default=0, help="score the baseline on N queries (0: all)"
    )
    parser.add_argument("--json", action="store_true", help="print every figure (and each miss) as JSON")
    args = parser.parse_args(argv)
    for flag, allowed in (("sets", SET_NAMES), ("packs", PACK_LABELS)):
        chosen = [v.strip() for v in getattr(args, flag).split(",") if v.strip()]
        unknown = [v for v in chosen if v not in allowed]
        if unknown:
            parser.error(f"--{flag}: unknown {', '.join(unknown)}; choose from {', '.join(allowed)}")
        setattr(args, flag, chosen)
    return args


# -- packs ----------------------------------------------------------------------------------------


def ensure_packs(data: Path, cache: Path, labels: Iterable[str], *, rebuild: bool = False) -> dict[str, Path]:
    """The packs without OCHA (``PACK_FILES``) in ``cache``, built when missing, when ``rebuild``, or
    when the cached one stores a names core of another index format than this toponym's."""
    from toponym.packs.pipeline import build_pack

    sources = {
        "wof": data / "whosonfirst-data-admin-sy-master.tar.gz",
        "opensyria": data / "opensyria-data-geography",
    }
    paths = {}
    for label in labels:
        path = paths[label] = cache / PACK_FILES[label]
        reason = "--rebuild" if rebuild else _stale(path)
        if reason:
            full = label == "full"
            print(f"building the {label} pack (no OCHA) at {path} ({reason}) ...", file=sys.stderr)
            cache.mkdir(parents=True, exist_ok=True)
            build_pack(output=path, curated=full, world=full, **sources)
    return paths


def _stale(path: Path) -> str:
    from toponym.errors import PackError
    from toponym.index.names import INDEX_FORMAT
    from toponym.packs.pack import read_meta

    if not path.exists():
        return "missing"
    try:
        stored = read_meta(path)["index_format"]
    except PackError:
        return "unreadable"
    return "" if stored == INDEX_FORMAT else f"index format {stored}, not {INDEX_FORMAT}"


def _open(label: str, paths: Mapping[str, Path]) -> Gazetteer:
    return toponym.load("embedded" if label == "embedded" else paths[label])


# -- inputs ---------------------------------------------------------------------------------------


def read_table(path: Path) -> list[dict[str, str]]:
    """A TSV with a header, '#' comment lines skipped."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def crosswalk_queries(path: Path) -> list[Query]:
    return [
        Query(r["query"], float(r["gold_lat"]), float(r["gold_lon"]), CROSSWALK_KM, r["admin1"], r["admin2"])
        for r in read_table(path)
    ]


def ucdp_queries(path: Path) -> list[Query]:
    return [
        Query(
            r["query"],
            float(r["gold_lat"]),
            float(r["gold_lon"]),
            UCDP_KM,
            r["admin1"],
            note=r["source_row"],
        )
        for r in read_table(path)
    ]


def ucdp_written_queries(path: Path) -> list[Query]:
    """The UCDP rows by the location as the table writes it (``where_coordinates`` in ``source_row``),
    alternative names, brackets and descriptors included."""
    return [replace(q, text=_source_field(q.note, "where_coordinates") or q.text) for q in ucdp_queries(path)]


def _source_field(source_row: str, field: str) -> str | None:
    for item in source_row.split(";"):
        key, _, value = item.partition("=")
        if key == field:
            return value.strip()
    return None


def arabic_queries(points: Path) -> tuple[list[Query], int]:
    """OCHA's communities by their Arabic names, and how many names were skipped as damaged."""
    features = json.loads(points.read_bytes().decode("utf-8", errors="replace"))["features"]
    queries, damaged = [], 0
    for feature in features:
        p = feature["properties"]
        name = (p.get("NAME_ARA") or "").strip()
        if "\ufffd" in name:
            damaged += 1
            continue
        if name and p.get("LATITUDE") is not None:
            queries.append(
                Query(
                    name,
                    float(p["LATITUDE"]),
                    float(p["LONGITUDE"]),
                    ARABIC_KM,
                    p.get("ADMIN1_EN") or "",
                    p.get("ADMIN2_EN") or "",
                    note=f"{p['PCODE']} {p.get('NAME_EN')}",
                )
            )
    return queries, damaged


def geonames_names(gazetteer: Gazetteer) -> set[str]:
    """Every name Who's On First or GeoNames gives a place with a ``geonames:`` id, as written."""
    names = set()
    for place in gazetteer:
        if any(i.startswith("geonames:") for i in place.ids):
            names.update(n.text for n in place.names if n.source in GEONAMES_SOURCES)
    return names


def _limited(queries: list[Query], args: argparse.Namespace) -> list[Query]:
    return queries[: args.limit] if args.limit else queries


# -- measures -------------------------------------------------------------------------------------


def is_right(match: Match, query: Query) -> bool:
    place = match.place
    if place.lat is None or place.lon is None:
        return False
    return haversine_km(place.lat, place.lon, query.lat, query.lon) <= query.km


def _km(match: Match | None, query: Query) -> float | None:
    if match is None or match.place.lat is None or match.place.lon is None:
        return None
    return round(haversine_km(match.place.lat, match.place.lon, query.lat, query.lon), 1)


def run(gazetteer: Gazetteer, queries: Sequence[Query], hint: str) -> list[Outcome]:
    """Every query through ``resolve`` and ``candidates(limit=5)`` with the hint."""
    context = HINTS[hint]
    outcomes = []
    for q in queries:
        kwargs = context(q)
        answer = gazetteer.resolve(q.text, **kwargs)
        ranked = gazetteer.candidates(q.text, limit=CANDIDATES, **kwargs)
        rights = [is_right(m, q) for m in ranked]
        best = ranked[0] if ranked else None
        shown = best if best is not None and best.score >= RESOLVE_THRESHOLD else None
        agrees = (answer is None and shown is None) or (
            answer is not None
            and shown is not None
            and answer.place.id == shown.place.id
            and answer.ambiguous == shown.ambiguous
        )
        outcomes.append(
            Outcome(
                query=q,
                answer=answer,
                right=answer is not None and is_right(answer, q),
                best_score=best.score if best else None,
                best_right=bool(rights) and rights[0],
                right_rank=rights.index(True) + 1 if any(rights) else None,
                agrees=agrees,
            )
        )
    return outcomes


def summary(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    n = len(outcomes)
    answered = [o for o in outcomes if o.answer is not None]
    wrong = [o for o in answered if not o.right]
    confident = [o for o in answered if o.answer is not None and o.answer.score >= CONFIDENT]
    flagged_right = sum(
        o.right or (o.answer is not None and o.answer.ambiguous and o.right_rank is not None)
        for o in outcomes
    )

    def share(count: float) -> float | None:
        return count / n if n else None

    return {
        "n": n,
        "right": share(sum(o.right for o in outcomes)),
        "wrong": share(len(wrong)),
        "silent_wrong": share(sum(not o.answer.ambiguous for o in wrong if o.answer is not None)),
        "abstain": share(n - len(answered)),
        "ambiguous": share(sum(o.answer.ambiguous for o in answered if o.answer is not None)),
        "confident_n": len(confident),
        "confident_right": sum(o.right for o in confident) / len(confident) if confident else None,
        "right_at_5": share(sum(o.right_rank is not None for o in outcomes)),
        "right_or_flagged_at_5": share(flagged_right),
        "disagree": sum(not o.agrees for o in outcomes),
        "bands": bands(outcomes),
    }


def bands(outcomes: Iterable[Outcome]) -> list[dict[str, Any]]:
    """The best candidate by its score: how many fall in each band and the share right."""
    tallies = {label: [0, 0] for label, _, _ in SCORE_BANDS}
    for o in outcomes:
        if o.best_score is None:
            continue
        label = next(label for label, low, high in SCORE_BANDS if low <= o.best_score < high)
        tallies[label][0] += 1
        tallies[label][1] += o.best_right
    return [
        {"band": label, "count": n, "right": right / n if n else None}
        for label, (n, right) in tallies.items()
    ]


def ties(gazetteer: Gazetteer, queries: Iterable[Query]) -> dict[str, Any]:
    """Without a hint, the queries whose best score is shared by several places, one of them right:
    how many, how many a random pick among the tied places would get right (expected), how many our
    tie-breaks get right."""
    count, expected, ours = 0, 0.0, 0
    for q in queries:
        ranked = gazetteer.candidates(q.text, limit=TIE_LIMIT)
        if not ranked or ranked[0].score < RESOLVE_THRESHOLD:
            continue
        tied = [m for m in ranked if m.score == ranked[0].score]
        right = [is_right(m, q) for m in tied]
        if len(tied) < 2 or not any(right):
            continue
        count += 1
        expected += sum(right) / len(tied)
        ours += right[0]
    return {"queries": count, "random_right": round(expected, 1), "right": ours}


def misses(outcomes: Iterable[Outcome]) -> list[dict[str, Any]]:
    """Every query not answered right, with what was answered (for the JSON output)."""
    rows = []
    for o in outcomes:
        if o.right:
            continue
        a = o.answer
        rows.append(
            {
                "query": o.query.text,
                "admin1": o.query.admin1,
                "group": o.query.group,
                "gold": [o.query.lat, o.query.lon],
                "answer": None if a is None else a.place.id,
                "answer_name": None if a is None else a.place.name,
                "matched_name": None if a is None else a.matched_name,
                "score": None if a is None else round(a.score, 1),
                "km": _km(a, o.query),
                "ambiguous": None if a is None else a.ambiguous,
                "best_score": None if o.best_score is None else round(o.best_score, 1),
                "right_rank": o.right_rank,
                "note": o.query.note,
            }
        )
    return rows


def evaluate(
    gazetteer: Gazetteer,
    pack: str,
    queries: Sequence[Query],
    hints: Sequence[str],
    groups: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """One config per hint: the summary of all queries and of each group, ties without a hint."""
    configs = []
    for hint in hints:
        outcomes = run(gazetteer, queries, hint)
        config: dict[str, Any] = {"pack": pack, "hint": hint, "all": summary(outcomes)}
        for group in groups:
            config[group] = summary([o for o in outcomes if o.query.group == group])
        if hint == "none":
            config["ties"] = ties(gazetteer, queries)
        config["disagreements"] = [o.query.text for o in outcomes if not o.agrees]
        config["misses"] = misses(outcomes)
        configs.append(config)
    return configs


def baseline(gazetteer: Gazetteer, queries: Sequence[Query]) -> dict[str, Any]:
    """The naive baseline's share right (no hint) over how many names, and ours on the same queries."""
    choices, owners = baseline_choices(gazetteer)
    right = sum(
        (found := baseline_match(q.text, choices, owners)) is not None and is_right(found, q) for q in queries
    )
    ours = sum((found := gazetteer.resolve(q.text)) is not None and is_right(found, q) for q in queries)
    n = len(queries)
    return {
        "queries": n,
        "names": len(choices),
        "right": right / n if n else None,
        "ours_right": ours / n if n else None,
    }


def baseline_choices(gazetteer: Gazetteer) -> tuple[list[str], list[Any]]:
    """Every Latin-script name of the pack, as the baseline compares them (unidecode, lower case), and
    the place each belongs to."""
    from unidecode import unidecode

    choices, owners = [], []
    for place in gazetteer:
        for name in place.names:
            if name.script == "Latn":
                choices.append(unidecode(name.text).lower())
                owners.append(place)
    return choices, owners


def baseline_match(query: str, choices: list[str], owners: list[Any]) -> Match | None:
    """unidecode + rapidfuzz WRatio, ``process.extractOne`` over every Latin name."""
    from rapidfuzz import fuzz, process
    from unidecode import unidecode

    best = process.extractOne(unidecode(query).lower(), choices, scorer=fuzz.WRatio)
    return None if best is None else Match(place=owners[best[2]], score=best[1], matched_name=best[0])


# -- the sets -------------------------------------------------------------------------------------

_SET_PACKS: dict[str, tuple[str, ...]] = {
    "crosswalk": ("bare", "full"),
    "ucdp": ("full", "embedded"),
    "ucdp_written": ("full", "embedded"),
    "arabic": ("full",),
    "journalistic": ("embedded", "bare", "full"),
    "non_places": ("embedded", "bare", "full"),
}


def _crosswalk(shared: Path, gazetteers: Mapping[str, Gazetteer], args: argparse.Namespace) -> SetReport:
    queries = _limited(crosswalk_queries(Path(args.crosswalk or shared / "eval" / "crosswalk_dev.tsv")), args)
    result = SetReport(
        "crosswalk", f"crosswalk: {len(queries):,} OCHA spellings (packs without OCHA); right = within 3 km"
    )
    for pack in _SET_PACKS["crosswalk"]:
        if pack in gazetteers:
            result.configs += evaluate(gazetteers[pack], pack, queries, ("none", "admin1", "admin1+admin2"))
    if "bare" in gazetteers:
        result.extra["baseline"] = {"pack": "bare", **_baseline(gazetteers["bare"], queries, args)}
    return result


def _ucdp(shared: Path, gazetteers: Mapping[str, Gazetteer], args: argparse.Namespace) -> SetReport:
    rows = _limited(ucdp_queries(Path(args.ucdp or shared / "eval" / "ucdp_dev.tsv")), args)
    decider = "full" if "full" in gazetteers else "embedded"
    names = geonames_names(gazetteers[decider])
    spelled = {toponym.normalize(name) for name in names}
    queries = [
        replace(q, group="geonames" if toponym.normalize(q.text) in spelled else "other") for q in rows
    ]
    split = Counter(q.group for q in queries)
    verbatim = sum(q.text in names for q in queries)
    result = SetReport(
        "ucdp",
        f"UCDP GED: {len(queries)} spellings ({split['geonames']} spelled as a GeoNames name up to normalize, "
        f"{verbatim} of them letter for letter; {split['other']} not; decided on the {decider} pack); "
        "right = within 5 km",
    )
    result.extra["split"] = dict(split)
    result.extra["verbatim_geonames_spellings"] = verbatim
    for pack in _SET_PACKS["ucdp"]:
        if pack in gazetteers:
            result.configs += evaluate(
                gazetteers[pack], pack, queries, ("none", "admin1"), ("geonames", "other")
            )
    if "full" in gazetteers:
        result.extra["baseline"] = {"pack": "full", **_baseline(gazetteers["full"], queries, args)}
    return result


def _ucdp_written(shared: Path, gazetteers: Mapping[str, Gazetteer], args: argparse.Namespace) -> SetReport:
    queries = _limited(ucdp_written_queries(Path(args.ucdp or shared / "eval" / "ucdp_dev.tsv")), args)
    result = SetReport(
        "ucdp_written",
        f"UCDP GED as written: the same {len(queries)} rows by their location as UCDP writes it "
        '(where_coordinates: "Aydun/Abdun village", "Aaliyah (Qurujah) village", "Kafr Batna suburb"); '
        "right = within 5 km",
    )
    for pack in _SET_PACKS["ucdp_written"]:
        if pack in gazetteers:
            result.configs += evaluate(gazetteers[pack], pack, queries, ("none", "admin1"))
    return result


def _arabic(shared: Path, gazetteers: Mapping[str, Gazetteer], args: argparse.Namespace) -> SetReport:
    points = shared / "data" / "ocha-cod-syria-2015" / "syr_admin4_point.geojson"
    queries, damaged = arabic_queries(points)
    queries = _limited(queries, args)
    result = SetReport(
        "arabic",
        f"Arabic: {len(queries):,} OCHA communities by their Arabic names ({damaged} damaged names "
        "skipped; full pack, no OCHA); right = within 3 km",
    )
    result.extra["damaged_skipped"] = damaged
    result.configs += evaluate(gazetteers["full"], "full", queries, ("none", "admin1"))
    return result


def _journalistic(shared: Path, gazetteers: Mapping[str, Gazetteer], args: argparse.Namespace) -> SetReport:
    rows = read_table(CASES / "journalistic.tsv")
    queries = _limited(
        [Query(r["query"], float(r["lat"]), float(r["lon"]), float(r["tol_km"])) for r in rows], args
    )
    result = SetReport("journalistic", f"journalistic: {len(queries)} spellings of well-known towns; no hint")
    for pack in _SET_PACKS["journalistic"]:
        if pack in gazetteers:
            result.configs += evaluate(gazetteers[pack], pack, queries, ("none",))
    return result


def _non_places(shared: Path, gazetteers: Mapping[str, Gazetteer], args: argparse.Namespace) -> SetReport:
    rows = read_table(CASES / "non_places.tsv")
    rows = rows[: args.limit] if args.limit else rows
    result = SetReport("non_places", f"non-places: {len(rows)} strings; false match = any answer")
    for pack in _SET_PACKS["non_places"]:
        if pack not in gazetteers:
            continue
        matched = [
            {
                "query": r["query"],
                "kind": r["kind_of_string"],
                "answer": m.place.name,
                "score": round(m.score, 1),
            }
            for r in rows
            if (m := gazetteers[pack].resolve(r["query"], country=r["country"] or None)) is not None
        ]
        result.configs.append(
            {
                "pack": pack,
                "strings": len(rows),
                "false_match_rate": len(matched) / len(rows) if rows else None,
                "false_matches": matched,
            }
        )
    return result


def _baseline(gazetteer: Gazetteer, queries: Sequence[Query], args: argparse.Namespace) -> dict[str, Any]:
    return baseline(gazetteer, queries[: args.baseline_limit] if args.baseline_limit else queries)


_SETS: dict[str, Callable[[Path, Mapping[str, Gazetteer], argparse.Namespace], SetReport]] = {
    "crosswalk": _crosswalk,
    "ucdp": _ucdp,
    "ucdp_written": _ucdp_written,
    "arabic": _arabic,
    "journalistic": _journalistic,
    "non_places": _non_places,
}


# -- output ---------------------------------------------------------------------------------------


def _f(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _print(report: dict[str, Any]) -> None:
    packs = ", ".join(f"{k} {v['places']:,} places" for k, v in report["packs"].items())
    print(f"packs: {packs}")
    for name, result in report["sets"].items():
        print()
        print(result["title"])
        if name == "non_places":
            for c in result["configs"]:
                shown = ", ".join(f"{m['query']} -> {m['answer']}" for m in c["false_matches"][:8])
                print(f"  {c['pack']:9} false matches {_f(c['false_match_rate'])} of {c['strings']}  {shown}")
            continue
        _print_table(result["configs"])
        _print_bands(result["configs"])
        for c in result["configs"]:
            if "ties" in c and c["ties"]["queries"]:
                t = c["ties"]
                print(
                    f"  no-hint ties ({c['pack']}): {t['queries']} queries end in a tie that includes a "
                    f"right place; a random pick gets {t['random_right']:.0f} right, our tie-breaks {t['right']}"
                )
        disagree = [
            f"{c['pack']}/{c['hint']}: {c['all']['disagree']}"
            for c in result["configs"]
            if c["all"]["disagree"]
        ]
        if disagree:
            print(f"  resolve differs from candidates(limit=5)[0] (place or flag): {', '.join(disagree)}")
        if name == "journalistic":
            for c in result["configs"]:
                shown = ", ".join(f"{m['query']} -> {m['answer_name']}" for m in c["misses"][:8])
                if shown:
                    print(f"  missed ({c['pack']}): {shown}")
        if "baseline" in result:
            b = result["baseline"]
            ratio = b["ours_right"] / b["right"] if b["right"] else float("nan")
            print(
                f"  baseline (unidecode + WRatio extractOne over {b['names']:,} Latin names, {b['pack']} pack, "
                f"no hint, {b['queries']} queries): right {_f(b['right'])}; ours on the same {_f(b['ours_right'])}"
                f" (x{ratio:.2f})"
            )
        if name != "journalistic":
            _print_targets(result["configs"])


def _print_targets(configs: Sequence[Mapping[str, Any]]) -> None:
    met, missed = [], []
    for c in configs:
        for group in _groups(c):
            s = c[group]
            ok = (s["confident_right"] or 0) >= TARGET_CONFIDENT_RIGHT and s["silent_wrong"] <= TARGET_SILENT
            (met if ok else missed).append(f"{c['pack']}/{c['hint']}/{group}")
    print(
        f"  targets (answers scored >= {CONFIDENT:g} right >= {TARGET_CONFIDENT_RIGHT:g}, silent wrong <= "
        f"{TARGET_SILENT:g}): met by {', '.join(met) or 'none'}; not by {', '.join(missed) or 'none'}"
    )


def _groups(config: Mapping[str, Any]) -> list[str]:
    return [g for g in ("all", "geonames", "other") if g in config]


def _print_table(configs: Sequence[Mapping[str, Any]]) -> None:
    print(
        f"  {'pack':8} {'hint':13} {'subset':8} {'n':>5} {'right':>6} {'wrong':>6} {'silent':>6} "
        f"{'abstain':>7} {'ambig.':>6} {'>=95 right (n)':>15} {'@5':>6} {'r|amb@5':>7}"
    )
    for c in configs:
        for group in _groups(c):
            s = c[group]
            confident = f"{_f(s['confident_right'])} ({s['confident_n']})"
            print(
                f"  {c['pack']:8} {c['hint']:13} {group:8} {s['n']:5} {_f(s['right']):>6} {_f(s['wrong']):>6} "
                f"{_f(s['silent_wrong']):>6} {_f(s['abstain']):>7} {_f(s['ambiguous']):>6} {confident:>15} "
                f"{_f(s['right_at_5']):>6} {_f(s['right_or_flagged_at_5']):>7}"
            )


def _print_bands(configs: Sequence[Mapping[str, Any]]) -> None:
    labels = [label for label, _, _ in SCORE_BANDS]
    print("  score bands (best candidate): share right (count)")
    print(f"  {'pack':8} {'hint':13} " + " ".join(f"{label:>12}" for label in labels))
    for c in configs:
        cells = [f"{_f(b['right'], 2)} ({b['count']})" if b["count"] else "-" for b in c["all"]["bands"]]
        print(f"  {c['pack']:8} {c['hint']:13} " + " ".join(f"{cell:>12}" for cell in cells))


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # `evaluate.py | head`: the reader has gone, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0) from None
