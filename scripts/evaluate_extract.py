"""Evaluate ``toponym extract`` on the seed articles: mention recall/precision, resolution accuracy, speed.

    python scripts/evaluate_extract.py [--gazetteer PACK] [--shared DIR] [--megabytes 3] [--articles N]

How mentions are counted. ``extract`` returns every occurrence; ``seeds_gold.tsv`` lists each place
mention of a seed once per surface form ("Latakia" and "Lattakia" are two rows; "Latakia" written
ten times is one). So the comparison is between *distinct surface forms per seed*, both sides keyed
by ``toponym.text.normalize`` without articles and without a trailing cue word ("Raqqa province" ~ "Raqqa",
"Jubeil Mount" ~ "Jubeil", "al-Qalaa Mountain" ~ "al-Qalaa"): a prediction is right when its key is a
gold key of the same seed.

Resolution: each gold row with a point counts once. It is right when the form was found and at least
half of its occurrences resolved to a place within ``tol_km`` of the gold point (an unresolved
occurrence counts as wrong). The gold gives one point per form, but a form can rightly mean two
places in one text: "Homs" is the city, "Homs Province" in a headline the governorate, whose centroid
lies 150 km from the city. The strict figure (every occurrence within tolerance) is printed too.

Two views of resolution are printed: *matches only* (a mention counts only through its ``match``),
and *with approximate locations*, where a mention the gazetteer lacks counts through the point of
its ``near`` anchor ("Ramouseh neighborhood of Aleppo" placed at Aleppo): what a map shows.

Every figure is printed per article and overall.

Speed, two ways, in words (white-space separated) per second: the real articles of
``corpus/fa-kes-dev.csv`` (title and text), each extracted on its own, as a user's loop over a news
archive would (nothing is kept from one article to the next but the loaded gazetteer: its names core
decodes the readings and places it is asked for); and the seeds repeated to about ``--megabytes`` MB
as one text (where the names a text repeats are resolved once).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from geopy.distance import great_circle

import toponym
from toponym.gazetteer import Gazetteer
from toponym.models import Mention
from toponym.text.lexicon import lexicon
from toponym.text.normalize import normalize

DEFAULT_SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@dataclass(frozen=True)
class GoldMention:
    seed: str
    mention: str
    lat: float | None
    lon: float | None
    tol_km: float


@dataclass(frozen=True)
class Figures:
    gold: int
    predicted: int
    found: int
    with_point: int
    resolved_within: int  # matches only
    resolved_within_strict: int
    placed_within: int  # with approximate locations (``Mention.near``) of unknown places
    placed_within_strict: int
    errors: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.found / self.predicted if self.predicted else 0.0

    @property
    def resolution(self) -> float:
        return self.resolved_within / self.with_point if self.with_point else 0.0

    @property
    def placement(self) -> float:
        return self.placed_within / self.with_point if self.with_point else 0.0


_FINAL_H = re.compile(r"(?<=[aeiou])h$")  # tāʾ marbūṭa written -ah/-eh: Hamah = Hama


def surface_key(text: str) -> str:
    """The key a surface form is compared by: normalised, no articles, no trailing cue word."""
    lex = lexicon()
    words = normalize(text).split()
    words = [_FINAL_H.sub("", word) for word in ([w for w in words if w not in lex.articles] or words)]
    while len(words) > 1 and words[-1] in lex.cues:
        words.pop()
    return " ".join(words)


def read_gold(path: Path) -> list[GoldMention]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        GoldMention(
            seed=row["seed"],
            mention=row["mention"],
            lat=float(row["gold_lat"]) if row["gold_lat"] else None,
            lon=float(row["gold_lon"]) if row["gold_lon"] else None,
            tol_km=float(row["tol_km"] or 0),
        )
        for row in rows
    ]


def evaluate_by_article(gazetteer: Gazetteer, seeds_dir: Path, gold: list[GoldMention]) -> dict[str, Figures]:
    """The figures of each seed article on its own."""
    seeds = sorted({row.seed for row in gold})
    return {seed: evaluate(gazetteer, seeds_dir, [row for row in gold if row.seed == seed]) for seed in seeds}


def article_throughput(gazetteer: Gazetteer, corpus: Path, limit: int) -> tuple[int, int, float, float, int]:
    """Articles, words, wall and CPU seconds and mentions for extracting each article on its own."""
    csv.field_size_limit(1 << 30)
    with corpus.open(encoding="utf-8", newline="") as handle:
        texts = [f"{row['article_title']}\n{row['article_content']}" for row in csv.DictReader(handle)]
    texts = texts[:limit] if limit else texts
    gazetteer.extract("Aleppo and Idlib.")  # the names core is read from the pack on first use
    mentions = 0
    started, started_cpu = time.perf_counter(), time.process_time()
    for text in texts:
        mentions += len(gazetteer.extract(text))
    wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return len(texts), sum(len(text.split()) for text in texts), wall, cpu, mentions


def evaluate(gazetteer: Gazetteer, seeds_dir: Path, gold: list[GoldMention]) -> Figures:
    gold_by_seed: dict[str, dict[str, GoldMention]] = defaultdict(dict)
    for row in gold:
        gold_by_seed[row.seed].setdefault(surface_key(row.mention), row)
    predicted_total = found_total = with_point = 0
    within = within_strict = placed = placed_strict = 0
    errors: list[str] = []
    for seed, expected in sorted(gold_by_seed.items()):
        mentions = gazetteer.extract((seeds_dir / seed).read_text(encoding="utf-8"))
        by_key: dict[str, list[Mention]] = defaultdict(list)
        for mention in mentions:
            by_key[surface_key(mention.text)].append(mention)
        predicted_total += len(by_key)
        found_total += len(by_key.keys() & expected.keys())
        errors.extend(f"{seed}\tfalse mention\t{key}" for key in sorted(by_key.keys() - expected.keys()))
        errors.extend(
            f"{seed}\tmissed\t{expected[key].mention}" for key in sorted(expected.keys() - by_key.keys())
        )
        for key, row in expected.items():
            if row.lat is None or row.lon is None:
                continue
            with_point += 1
            occurrences = by_key.get(key, [])
            right, right_everywhere, wrong = _judge(row, occurrences, approximate=False)
            within += right
            within_strict += right_everywhere
            right, right_everywhere, wrong_placed = _judge(row, occurrences, approximate=True)
            placed += right
            placed_strict += right_everywhere
            if wrong_placed:
                errors.append(
                    f"{seed}\twrong place\t{row.mention}: {wrong_placed[0]} "
                    f"({len(wrong_placed)}/{len(occurrences)})"
                )
            elif wrong:
                anchor = next(m.near for m in occurrences if m.match is None and m.near is not None)
                errors.append(
                    f"{seed}\tapproximate\t{row.mention}: unresolved, placed near {anchor.place.id} "
                    f"{anchor.place.name} ({len(wrong)}/{len(occurrences)})"
                )
    return Figures(
        sum(len(forms) for forms in gold_by_seed.values()),
        predicted_total,
        found_total,
        with_point,
        within,
        within_strict,
        placed,
        placed_strict,
        tuple(errors),
    )


def _judge(
    row: GoldMention, occurrences: list[Mention], *, approximate: bool
) -> tuple[bool, bool, list[str]]:
    """Whether most occurrences lie within tolerance, whether all do, and what is wrong with the others."""
    problems = [_resolution_problem(row, mention, approximate=approximate) for mention in occurrences]
    wrong = [problem for problem in problems if problem is not None]
    right = bool(problems) and len(wrong) * 2 <= len(problems)
    return right, right and not wrong, wrong


def _resolution_problem(row: GoldMention, mention: Mention, *, approximate: bool) -> str | None:
    """Why the mention is not within tolerance of the gold point (None: it is). With ``approximate``,
    an unresolved mention counts through its ``near`` anchor."""
    match = mention.match
    if match is None and approximate:
        match = mention.near
    if match is None or match.place.lat is None or match.place.lon is None:
        return "unresolved"
    km = great_circle((row.lat, row.lon), (match.place.lat, match.place.lon)).km
    if km > row.tol_km:
        near = "" if mention.match is not None else "approximately, near "
        return f"{near}{match.place.id} {match.place.name} is {km:.0f} km away (tolerance {row.tol_km:.0f})"
    return None


def throughput(gazetteer: Gazetteer, seeds_dir: Path, megabytes: float) -> tuple[int, int, float, int]:
    """Characters, words, seconds and mentions for one extract call on the seeds repeated."""
    seeds = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt")))
    copies = max(1, int(megabytes * 1_000_000 / len(seeds.encode("utf-8"))))
    text = "\n\n".join([seeds] * copies)
    gazetteer.extract(seeds)  # warm-up: the name index is built once per gazetteer
    started = time.perf_counter()
    mentions = gazetteer.extract(text)
    elapsed = time.perf_counter() - started
    return len(text), len(text.split()), elapsed, len(mentions)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gazetteer", help="pack to use (default: toponym.load())")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ directory")
    parser.add_argument("--megabytes", type=float, default=3.0, help="size of the throughput text")
    parser.add_argument(
        "--errors", action="store_true", help="list every miss, false mention and wrong place"
    )
    parser.add_argument("--articles", type=int, default=0, help="time N corpus articles (0: all of them)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    gazetteer = toponym.load(args.gazetteer)
    print(
        f"gazetteer: {args.gazetteer or 'default'} ({len(gazetteer):,} places), "
        f"loaded in {time.perf_counter() - started:.2f}s"
    )
    return report(gazetteer, args.shared, args.megabytes, show_errors=args.errors, articles=args.articles)


def report(
    gazetteer: Gazetteer, shared: Path, megabytes: float, *, show_errors: bool, articles: int = 0
) -> int:
    seeds_dir, gold_path = shared / "seeds", shared / "eval" / "seeds_gold.tsv"
    started = time.perf_counter()
    gold = read_gold(gold_path)
    figures = evaluate(gazetteer, seeds_dir, gold)
    print("per article:  recall precision placed(match) placed(match or near)")
    for seed, one in evaluate_by_article(gazetteer, seeds_dir, gold).items():
        print(
            f"  {seed:28s} {one.recall:6.3f} {one.precision:9.3f} {one.resolution:13.3f} "
            f"{one.placement:21.3f}   ({one.gold} forms, {one.with_point} with a point)"
        )
    print(f"seeds evaluated in {time.perf_counter() - started:.2f}s (includes building the name index)")
    print(
        f"mentions:   recall {figures.recall:.3f} ({figures.found}/{figures.gold} distinct forms), "
        f"precision {figures.precision:.3f} ({figures.found}/{figures.predicted})"
    )
    share = max(figures.with_point, 1)
    print(
        f"resolution, matches only:             {figures.resolution:.3f} within tolerance "
        f"({figures.resolved_within}/{figures.with_point} gold mentions with a point); "
        f"every occurrence: {figures.resolved_within_strict / share:.3f}"
    )
    print(
        f"resolution, with approximate places:  {figures.placement:.3f} within tolerance "
        f"({figures.placed_within}/{figures.with_point}); "
        f"every occurrence: {figures.placed_within_strict / share:.3f}"
    )
    if show_errors:
        for line in figures.errors:
            print("  " + line)
    corpus = shared / "corpus" / "fa-kes-dev.csv"
    if articles >= 0 and corpus.is_file():
        count_articles, words, wall, cpu, count = article_throughput(gazetteer, corpus, articles)
        print(
            f"throughput, one article at a time: {words / wall:,.0f} words/s ({words / cpu:,.0f} in CPU time; "
            f"{count_articles:,} articles, {words:,} words, {count:,} mentions in {wall:.2f}s)"
        )
    if megabytes > 0:
        chars, words, seconds, count = throughput(gazetteer, seeds_dir, megabytes)
        print(
            f"throughput, the seeds repeated as one text: {words / seconds:,.0f} words/s ({chars / 1e6:.1f} MB, {words:,} words, "
            f"{count:,} mentions in {seconds:.2f}s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
