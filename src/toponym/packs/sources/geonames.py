"""GeoNames dumps: ``SY.txt`` / ``allCountries.txt`` (19 tab-separated columns), with the optional
``alternateNamesV2.txt`` (or ``alternateNames.txt``, or the per-country ``alternatenames/SY.txt``),
``admin1CodesASCII.txt`` and ``admin2Codes.txt`` beside it, as download.geonames.org publishes them.

``path`` is the main file, a directory holding the files, or a ``.zip`` of them (``SY.zip``). Only
the feature codes toponym has a kind for are read: populated places, the administrative divisions,
mountains, plains, valleys and regions. Large files are streamed; alternate names are kept only for
the places read.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from toponym.errors import SourceError
from toponym.models import Name, NameStatus, Place
from toponym.packs.sources import SourceRecords, count_places, usable_places
from toponym.packs.sources._upstream import (
    coordinate,
    first_arabic,
    iso639_3,
    make_name,
    positive_int,
    settlement_kind,
    unique_names,
)

SOURCE = "geonames"
MAIN_COLUMNS = 19

# Populated-place codes for what is not (or no longer) a community: abandoned (PPLQ), a named
# locality (PPLL), farm village (PPLF), historical (PPLH, PPLCH), destroyed (PPLW). They get the lesser
# kind "locality", so that among homonyms the living village is preferred: 6.7% of WOF's Syrian
# localities carry one, under 1% of the places the crosswalk dev set means.
LESSER_SETTLEMENT_CODES = frozenset({"PPLQ", "PPLL", "PPLF", "PPLH", "PPLCH", "PPLW"})

# Feature code → kind, for the classes other than P (populated places get a settlement kind).
_FEATURE_KINDS = {
    "ADM1": "governorate",
    "ADM2": "district",
    "ADM3": "subdistrict",
    "PCLI": "country",
    **dict.fromkeys(("MT", "MTS", "HLL", "HLLS", "PK", "PKS", "RDGE"), "mountain"),
    **dict.fromkeys(("PLN", "PLAT"), "plain"),
    **dict.fromkeys(("WAD", "WADS", "VAL", "VALS"), "valley"),
    **dict.fromkeys(("AREA", "RGN"), "region"),
}
# alternateNames "languages" that are not languages: codes, links, postal codes, pronunciations.
_PSEUDO_LANGUAGES = frozenset(
    {"link", "post", "iata", "icao", "faac", "tcid", "unlc", "abbr", "phon", "piny", "fr_1793", "wkdt"}
)


@dataclass(frozen=True, slots=True)
class _TextFile:
    """A text file on disk, or a member of a zip archive."""

    path: Path
    member: str | None = None

    def lines(self) -> Iterator[str]:
        if self.member is None:
            with self.path.open(encoding="utf-8", errors="replace") as handle:
                yield from handle
            return
        with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as raw:
            yield from io.TextIOWrapper(raw, encoding="utf-8", errors="replace")


@dataclass
class _Record:
    """One main-file row, waiting for its alternate names."""

    geonameid: str
    columns: list[str]
    kind: str
    alternate_names: list[Name]
    wikidata: str | None = None


def read_geonames(path: Path, *, country: str | None = "SY") -> SourceRecords:
    """Read a GeoNames dump: the main file, a directory holding it, or a zip of it.

    ``country`` keeps only the rows of that ISO country code (``None`` keeps every row), so that
    ``allCountries.txt`` yields Syria's places and not twelve million records.
    """
    path = Path(path)
    files = _Files(path, country)
    stats: Counter[str] = Counter()
    records: dict[str, _Record] = {}
    for line in files.main.lines():
        if not line.strip() or line.startswith("#"):
            continue
        stats["records"] += 1
        columns = line.rstrip("\r\n").split("\t")
        if len(columns) < MAIN_COLUMNS or not columns[0].isdigit():
            stats["skipped_malformed"] += 1
            continue
        if country and columns[8] != country:
            stats["skipped_other_country"] += 1
            continue
        kind = _kind(columns[6], columns[7], positive_int(columns[14]))
        if kind is None:
            stats["skipped_feature_code"] += 1
            continue
        records[columns[0]] = _Record(columns[0], columns, kind, [])
    if stats["records"] and not stats["records"] - stats["skipped_malformed"]:
        raise SourceError(f"{path} is not a GeoNames dump: no row has {MAIN_COLUMNS} columns")

    alternates = files.find("alternateNamesV2.txt", "alternateNames.txt", per_country=True)
    if alternates:
        stats["alternate_names"] = _read_alternate_names(alternates, records)
    admin1 = _read_admin_codes(files.find("admin1CodesASCII.txt"))
    admin2 = _read_admin_codes(files.find("admin2Codes.txt"))
    places = [_place(record, admin1, admin2) for record in records.values()]
    places = usable_places(places, stats, path)
    count_places(stats, places)
    warnings = []
    if stats["skipped_malformed"]:
        warnings.append(f"{stats['skipped_malformed']} GeoNames rows without {MAIN_COLUMNS} columns")
    return SourceRecords(SOURCE, path, places, dict(stats), warnings)


class _Files:
    """Where the main file and its companions are: beside the main file, in the directory, or in
    the zip archive given."""

    def __init__(self, path: Path, country: str | None) -> None:
        self._country = country or "allCountries"
        if path.is_dir():
            self._directory, self._archive = path, None
            main = self.find(f"{self._country}.txt", "allCountries.txt")
            main = main or self._zipped_main(path / f"{self._country}.zip")
            main = main or self._zipped_main(path / "allCountries.zip")
        elif path.suffix.lower() == ".zip" and path.is_file():
            self._directory, self._archive = path.parent, path
            main = self._zipped_main(path)
        elif path.is_file():
            self._directory, self._archive = path.parent, None
            main = _TextFile(path)
        else:
            raise SourceError(f"GeoNames source not found: {path}")
        if main is None:
            raise SourceError(f"no GeoNames dump in {path}: expected {self._country}.txt or allCountries.txt")
        self.main = main

    def find(self, *names: str, per_country: bool = False) -> _TextFile | None:
        """The first of ``names`` present in the zip given, or beside the main file (also zipped)."""
        candidates = list(names)
        if per_country:  # download.geonames.org/export/dump/alternatenames/SY.zip holds SY.txt
            candidates.append(f"alternatenames/{self._country}.txt")
        if self._archive is not None:
            members = _zip_members(self._archive)
            for name in candidates:
                if name in members:
                    return _TextFile(self._archive, name)
        for name in candidates:
            file = self._directory / name
            if file.is_file():
                return _TextFile(file)
            zipped = file.with_suffix(".zip")
            if zipped.is_file() and file.name in _zip_members(zipped):
                return _TextFile(zipped, file.name)
        return None

    def _zipped_main(self, archive: Path) -> _TextFile | None:
        if not archive.is_file():
            return None
        members = _zip_members(archive)
        for name in (f"{self._country}.txt", "allCountries.txt", f"{archive.stem}.txt"):
            if name in members:
                return _TextFile(archive, name)
        return None


def _zip_members(archive: Path) -> set[str]:
    try:
        with zipfile.ZipFile(archive) as opened:
            return set(opened.namelist())
    except zipfile.BadZipFile as error:
        raise SourceError(f"{archive} is not a zip archive: {error}") from error


def _kind(feature_class: str, feature_code: str, population: int | None) -> str | None:
    if feature_class == "P":
        if feature_code in LESSER_SETTLEMENT_CODES:
            return "locality"
        return settlement_kind(feature_code, population)
    return _FEATURE_KINDS.get(feature_code)


def _read_alternate_names(file: _TextFile, records: dict[str, _Record]) -> int:
    """Attach alternateNames(V2) rows to the records read; return how many were kept."""
    kept = 0
    for line in file.lines():
        columns = line.rstrip("\r\n").split("\t")
        if len(columns) < 4:
            continue
        record = records.get(columns[1])
        if record is None:
            continue
        language, text = columns[2].strip(), columns[3]
        if language == "wkdt":
            record.wikidata = text.strip() or record.wikidata
            continue
        if language in _PSEUDO_LANGUAGES:
            continue
        name = make_name(text, iso639_3(language), SOURCE, _status(columns))
        if name is not None:
            record.alternate_names.append(name)
            kept += 1
    return kept


def _status(columns: list[str]) -> NameStatus:
    flags = columns[4:8] + [""] * (8 - len(columns))  # isPreferred, isShort, isColloquial, isHistoric
    if flags[3] == "1":
        return "historic"
    return "preferred" if flags[0] == "1" else "variant"


def _read_admin_codes(file: _TextFile | None) -> dict[str, str]:
    """admin1CodesASCII / admin2Codes: "SY.13" (or "SY.13.xxxx") → the unit's name."""
    codes: dict[str, str] = {}
    if file is None:
        return codes
    for line in file.lines():
        columns = line.rstrip("\r\n").split("\t")
        if len(columns) >= 2 and columns[0] and columns[1]:
            codes[columns[0]] = columns[1]
    return codes


def _place(record: _Record, admin1: dict[str, str], admin2: dict[str, str]) -> Place:
    c = record.columns
    names: list[Name | None] = [
        make_name(c[1], "und", SOURCE, "preferred"),
        make_name(c[2], "und", SOURCE, "variant") if c[2] != c[1] else None,
    ]
    names.extend(record.alternate_names)
    # Column 4 repeats the alternate names without their languages: add only those not known better.
    known = {n.text for n in record.alternate_names}
    names.extend(make_name(t, "und", SOURCE) for t in c[3].split(",") if t.strip() not in known)
    kept = unique_names(names)
    english = [n.text for n in kept if n.lang == "eng" and n.status == "preferred"]
    country_code, admin1_code, admin2_code = c[8], c[10], c[11]
    ids = [f"geonames:{record.geonameid}"]
    if record.wikidata:
        ids.append(f"wikidata:{record.wikidata}")
    return Place(
        id=f"geonames:{record.geonameid}",
        name=english[0] if english else (c[1] or c[2]),
        kind=record.kind,
        lat=coordinate(c[4]),
        lon=coordinate(c[5]),
        name_ar=first_arabic(kept),
        country=country_code or None,
        admin1=None
        if record.kind in ("country", "governorate")
        else admin1.get(f"{country_code}.{admin1_code}"),
        admin2=None
        if record.kind in ("country", "governorate", "district")
        else admin2.get(f"{country_code}.{admin1_code}.{admin2_code}"),
        population=positive_int(c[14]),
        ids=tuple(ids),
        names=kept,
        sources=(SOURCE,),
    )
