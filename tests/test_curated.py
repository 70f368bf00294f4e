"""The curated layer: strict reading of small TSVs we write, and the packaged data's own promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from geopy.distance import geodesic
from tables import read_table

from toponym.errors import SourceError
from toponym.models import Place
from toponym.packs.sources.curated import read_curated
from toponym.text.normalize import normalize

TESTS_DIR = Path(__file__).resolve().parent
FIXTURES = TESTS_DIR / "fixtures" / "curated"
CASES_DIR = TESTS_DIR / "cases"
# Syria's extent with a small margin (GeoNames: 32.31–37.32 N, 35.73–42.38 E).
SYRIA_BOX = (32.2, 35.5, 37.5, 42.5)


@pytest.fixture(scope="module")
def packaged() -> list[Place]:
    return read_curated().places


# --- strict reading ---------------------------------------------------------------------------

ERROR_CASES = read_table(CASES_DIR / "curated_errors.tsv")


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c["case"] for c in ERROR_CASES])
def test_bad_file_raises_with_file_and_line(case: dict[str, str]) -> None:
    variants = FIXTURES / case["variants"] if case["variants"] else None
    with pytest.raises(SourceError) as raised:
        read_curated(FIXTURES / case["places"], variants=variants)
    message = str(raised.value)
    assert f"{case['error_file']}:{case['line']}:" in message
    assert case["message"] in message


def test_user_directory_with_variants() -> None:
    records = read_curated(FIXTURES / "good")
    by_ref = {p.ids[-1]: p for p in records.places}
    assert records.source == "curated"
    assert records.path == FIXTURES / "good"
    assert records.stats == {"records": 4, "features": 0, "variants": 3, "names": 10}

    tall = by_ref["curated:tall-a"]
    assert tall.id == "geonames:42"  # geonames outranks ocha and wof whatever the column order
    assert tall.ids == ("wof:1", "ocha:C9001", "geonames:42", "curated:tall-a")
    assert (tall.lat, tall.lon, tall.population, tall.country) == (35.1, 36.2, 1200, "SY")
    assert [(n.text, n.lang, n.script, n.status) for n in tall.names] == [
        ("Tall A", "eng", "Latn", "preferred"),
        ("تل أ", "ara", "Arab", "preferred"),
        ("Tell Aa", "eng", "Latn", "variant"),
        ("Tall Alpha", "lat", "Latn", "historic"),
    ]
    assert all(n.source == "curated" for n in tall.names)

    assert by_ref["curated:hill-b"].id == "wof:2"  # wof outranks opensyria
    camp = by_ref["curated:camp-c"]
    assert camp.id == "curated:camp-c"  # no geonames/ocha/wof/opensyria id: its own
    assert (camp.lat, camp.lon, camp.name_ar, camp.admin2) == (None, None, None, None)
    assert by_ref["curated:town-d"].country == "LB"


def test_user_places_file_alone_has_no_variants() -> None:
    records = read_curated(FIXTURES / "good" / "places.tsv")
    assert records.stats["variants"] == 0
    assert all(n.status == "preferred" for p in records.places for n in p.names)


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        read_curated(tmp_path / "places.tsv")


_PLACE_HEADER = "ref\tname\tname_ar\tkind\tlat\tlon\tadmin1\tadmin2\tpopulation\tids\tnote\n"
_AREA_HEADER = "ref\tname\tname_ar\tkind\tpoint\toffset\tmembers\tadmin1\tevidence\tnote\tcountry\n"


@pytest.mark.parametrize(("country", "expected"), [("JO", "JO"), ("", "SY")])
def test_a_feature_abroad_says_its_country(tmp_path: Path, country: str, expected: str) -> None:
    (tmp_path / "places.tsv").write_text(_PLACE_HEADER, encoding="utf-8")
    (tmp_path / "areas.tsv").write_text(
        _AREA_HEADER + f"zaatari\tZaatari camp\t\tcamp\t32.3,36.3\t\t\t\tWikipedia's point\t\t{country}\n",
        encoding="utf-8",
    )
    (feature,) = read_curated(tmp_path).features
    assert feature.place.country == expected


def test_a_feature_country_must_be_an_iso_code(tmp_path: Path) -> None:
    (tmp_path / "places.tsv").write_text(_PLACE_HEADER, encoding="utf-8")
    (tmp_path / "areas.tsv").write_text(
        _AREA_HEADER + "zaatari\tZaatari camp\t\tcamp\t32.3,36.3\t\t\t\tWikipedia's point\t\tJordan\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"areas.tsv:2: country 'Jordan' is not an ISO 3166-1 alpha-2 code"):
        read_curated(tmp_path)


# --- the packaged layer -------------------------------------------------------------------------


def test_packaged_layer_size(packaged: list[Place]) -> None:
    records = read_curated()
    assert records.path is None
    assert 150 <= records.stats["records"] <= 300
    assert records.stats["variants"] >= 250


def test_every_place_is_in_syria_with_an_external_id(packaged: list[Place]) -> None:
    south, west, north, east = SYRIA_BOX
    for place in packaged:
        assert place.lat is not None and place.lon is not None, place.id
        assert south <= place.lat <= north and west <= place.lon <= east, place.id
        assert place.country == "SY"
        external = [i for i in place.ids if not i.startswith("curated:")]
        assert external, f"{place.ids[-1]} names no source id"


def test_every_place_has_an_arabic_name_or_says_why_not() -> None:
    for row in read_table(Path(str(_packaged_file("places.tsv")))):
        assert row["name_ar"] or row["note"], row["ref"]


def test_the_fourteen_governorates(packaged: list[Place]) -> None:
    governorates = [p for p in packaged if p.kind == "governorate"]
    pcodes = sorted(i for p in governorates for i in p.ids if i.startswith("ocha:SY"))
    assert pcodes == [f"ocha:SY{n:02d}" for n in range(1, 15)]
    assert all(p.name_ar and p.id.startswith("geonames:") for p in governorates)
    assert all(p.admin1 == p.name for p in governorates)


def test_admin_names_are_the_governorates_names(packaged: list[Place]) -> None:
    governorate_names = {p.name for p in packaged if p.kind == "governorate"}
    assert {p.admin1 for p in packaged} == governorate_names


ELSEWHERE = {row["mention"]: row["reason"] for row in read_table(CASES_DIR / "seed_mentions_elsewhere.tsv")}


@pytest.fixture(scope="module")
def seeds(shared_data: Path) -> list[dict[str, str]]:
    return read_table(shared_data.parent / "eval" / "seeds_gold.tsv")


def test_seed_mentions_are_curated_within_tolerance(
    packaged: list[Place], seeds: list[dict[str, str]]
) -> None:
    """Every mention with a gold point is a curated name or variant within its tolerance, except
    those tests/cases/seed_mentions_elsewhere.tsv gives a reason for."""
    checked, missing = 0, []
    for row in seeds:
        if not row["gold_lat"] or row["mention"] in ELSEWHERE:
            continue
        key, gold = normalize(row["mention"]), (float(row["gold_lat"]), float(row["gold_lon"]))
        if not any(
            any(normalize(n.text) == key for n in p.names)
            and geodesic((p.lat, p.lon), gold).km <= float(row["tol_km"])
            for p in packaged
        ):
            missing.append(f"{row['mention']} ({row['seed']})")
        checked += 1
    assert checked >= 40
    assert not missing, f"not curated within tolerance: {missing}"


def test_exemptions_are_seed_mentions_with_a_point(seeds: list[dict[str, str]]) -> None:
    assert set(ELSEWHERE) <= {r["mention"] for r in seeds if r["gold_lat"]}


def test_no_variant_is_a_crosswalk_query(shared_data: Path) -> None:
    """The evaluation pairs OCHA spellings with places; our variants must not contain its queries."""
    queries = {normalize(r["query"]) for r in read_table(shared_data.parent / "eval" / "crosswalk_dev.tsv")}
    for row in read_table(Path(str(_packaged_file("variants.tsv")))):
        assert normalize(row["variant"]) not in queries, row


def test_variants_copy_no_ocha_spelling_unless_news_uses_it(shared_data: Path) -> None:
    """An OCHA English name may be a variant only when the seed articles write it that way."""
    raw = (shared_data / "ocha-cod-syria-2015" / "syr_admin4_point.geojson").read_bytes()
    features = json.loads(raw.decode("utf-8", errors="replace"))["features"]
    ocha = {normalize(f["properties"][k]) for f in features for k in ("NAME_EN", "NAM_EN_REF")}
    news = normalize(
        " ".join(p.read_text(encoding="utf-8") for p in (shared_data.parent / "seeds").glob("*.txt"))
    )
    for row in read_table(Path(str(_packaged_file("variants.tsv")))):
        key = normalize(row["variant"])
        if key in ocha:
            assert f" {key} " in f" {news} ", row


def _packaged_file(name: str):
    from importlib.resources import files

    return files("toponym") / "data" / "curated" / name
