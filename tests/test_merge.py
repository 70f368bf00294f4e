"""Merging records of one place from several sources: ids, Arabic and Latin names within a distance,
kind compatibility, canonical ids, curated records, admin names; and the real sources end to end."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from toponym.geo import distance_km
from toponym.models import Name, Place
from toponym.packs.merge import MergeResult, merge
from toponym.packs.sources import SourceRecords
from toponym.packs.sources.geonames import read_geonames
from toponym.packs.sources.ocha import read_ocha
from toponym.packs.sources.opensyria import read_opensyria
from toponym.packs.sources.wof import read_wof
from toponym.text.normalize import normalize, script_of

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ORIGIN = (35.0, 36.5)


def north(km: float, of: tuple[float, float] = ORIGIN) -> tuple[float, float]:
    """The point ``km`` north of ``of``, so that tests state distances, not coordinates."""
    point = geodesic(kilometers=km).destination(of, bearing=0)
    return (point.latitude, point.longitude)


def record(
    source: str,
    own_id: str,
    name: str,
    *,
    kind: str = "village",
    at: tuple[float, float] | None = ORIGIN,
    name_ar: str | None = None,
    ids: tuple[str, ...] = (),
    names: tuple[Name, ...] | None = None,
    admin1: str | None = None,
    admin2: str | None = None,
    population: int | None = None,
    country: str = "SY",
) -> Place:
    if names is None:
        names = (Name(name, "eng", script_of(name), source, "preferred"),)
        if name_ar:
            names += (Name(name_ar, "ara", "Arab", source, "preferred"),)
    return Place(
        id=own_id,
        name=name,
        kind=kind,
        lat=at[0] if at else None,
        lon=at[1] if at else None,
        name_ar=name_ar,
        country=country,
        admin1=admin1,
        admin2=admin2,
        population=population,
        ids=(own_id, *ids),
        names=names,
        sources=(source,),
    )


def merged(*places: Place) -> MergeResult:
    """Merge records given in any order: each source's records become one SourceRecords."""
    by_source: dict[str, list[Place]] = {}
    for place in places:
        by_source.setdefault(place.sources[0], []).append(place)
    return merge(SourceRecords(source, None, records) for source, records in by_source.items())


def group_of(result: MergeResult, any_id: str) -> Place:
    (place,) = [p for p in result.places if any_id in p.ids]
    return place


# --- the three stages ----------------------------------------------------------------------------


def test_shared_id_joins_records_whatever_their_names_and_distance() -> None:
    result = merged(
        record("wof", "wof:1", "Latakia", kind="city", ids=("geonames:173576",)),
        record("wof", "wof:2", "Al Ladhiqiyah", at=north(8), ids=("geonames:173576",)),
    )
    assert result.places_out == 1 and result.merged_by_id == 1
    assert set(result.places[0].ids) == {"geonames:173576", "wof:1", "wof:2"}


@pytest.mark.parametrize(("km", "joined"), [(0.0, True), (1.9, True), (2.1, False)])
def test_equal_folded_arabic_names_join_within_2_km(km: float, joined: bool) -> None:
    result = merged(
        record("ocha", "ocha:C4269", "Orm Eljoz", name_ar="أورم الجوز"),
        record("wof", "wof:3", "Urum al Jawz", at=north(km), name_ar="اورم جوز"),  # hamza, article
    )
    assert result.places_out == (1 if joined else 2)
    assert result.merged_by_arabic == int(joined)


@pytest.mark.parametrize(("km", "joined"), [(1.0, True), (2.5, False)])
def test_equal_normalised_latin_names_join_within_2_km(km: float, joined: bool) -> None:
    result = merged(
        record("ocha", "ocha:C1", "Kafr Nabl"),
        record("wof", "wof:4", "Kafr-Nabl", at=north(km)),
    )
    assert result.places_out == (1 if joined else 2)
    assert result.merged_by_latin == int(joined)


@pytest.mark.parametrize(
    ("kind", "km", "joined"),
    [
        ("city", 9.0, True),
        ("city", 11.0, False),
        ("town", 4.0, True),
        ("locality", 4.0, True),  # unknown size: WOF's copies of big places
        ("village", 2.5, False),
        ("district", 40.0, True),  # centroids computed differently by each source
        ("governorate", 90.0, True),
    ],
)
def test_distance_limit_grows_with_the_kind(kind: str, km: float, joined: bool) -> None:
    """Sources put a city's point at different spots of it (OCHA's Lattakia is 2.4 km from
    GeoNames'); villages keep the 2 km limit."""
    result = merged(
        record("ocha", "ocha:C3480", "Lattakia", kind=kind, name_ar="اللاذقية"),
        record("wof", "wof:5", "Latakia", kind=kind, at=north(km), name_ar="لاذقية"),
    )
    assert result.places_out == (1 if joined else 2)


@pytest.mark.parametrize(
    ("kind_a", "kind_b", "joined"),
    [
        ("governorate", "city", False),  # Latakia governorate and Latakia city, even at one point
        ("district", "subdistrict", False),
        ("mountain", "village", False),
        ("town", "village", True),  # sources disagree about a settlement's size
        ("locality", "city", True),
        ("neighbourhood", "village", True),
    ],
)
def test_only_compatible_kinds_join(kind_a: str, kind_b: str, joined: bool) -> None:
    result = merged(
        record("opensyria", "opensyria:sy-latakia", "Latakia", kind=kind_a, name_ar="اللاذقية"),
        record("wof", "wof:7", "Latakia", kind=kind_b, name_ar="اللاذقية"),
    )
    assert result.places_out == (1 if joined else 2)


def test_two_geonames_places_never_join_and_a_community_joins_the_nearer() -> None:
    result = merged(
        record("wof", "wof:10", "Tall Hawsh", name_ar="تل حوش", ids=("geonames:10",)),
        record("wof", "wof:11", "Tall Hawsh", at=north(1.2), name_ar="تل حوش", ids=("geonames:11",)),
        record("ocha", "ocha:C2766", "Tal Hosh", at=north(0.9), name_ar="تل حوش"),
    )
    assert result.places_out == 2
    assert "ocha:C2766" in group_of(result, "geonames:11").ids  # 0.3 km, not 0.9 km away
    assert result.refused >= 1 and result.warnings


def test_world_records_join_by_ids_only() -> None:
    result = merged(
        record("world", "geonames:170063", "Aleppo", kind="city"),
        record("wof", "wof:421202163", "Aleppo", kind="city", ids=("geonames:170063",)),
        record("world", "geonames:9999", "Tell", kind="city", at=north(0.5)),
        record("wof", "wof:8", "Tell", kind="village", at=north(0.5)),
    )
    assert result.places_out == 3
    assert "wof:421202163" in group_of(result, "geonames:170063").ids


# --- one group, one Place ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "canonical"),
    [
        (("wof:1", "ocha:C1", "geonames:5"), "geonames:5"),
        (("wof:1", "ocha:C1"), "ocha:C1"),
        (("opensyria:sy-x", "wof:1"), "wof:1"),
        (("opensyria:sy-x", "wikidata:Q1"), "opensyria:sy-x"),
        (("curated:ramouseh",), "curated:ramouseh"),
    ],
)
def test_canonical_id(ids: tuple[str, ...], canonical: str) -> None:
    source = ids[0].split(":")[0]
    result = merged(record(source, ids[0], "Somewhere", ids=ids[1:]))
    assert result.places[0].id == canonical
    assert result.places[0].ids[0] == canonical


def test_canonical_geonames_id_is_the_one_the_records_share() -> None:
    result = merged(
        record("wof", "wof:1125980503", "Latakia", kind="city", ids=("geonames:173576",)),
        record("wof", "wof:1141906287", "Al Ladhiqiyah", kind="city", ids=("geonames:173576",)),
        record("wof", "wof:421190427", "Latakia", kind="locality"),
    )
    (place,) = result.places
    assert place.id == "geonames:173576"
    assert set(place.ids) == {"geonames:173576", "wof:1125980503", "wof:1141906287", "wof:421190427"}


def test_curated_fields_win() -> None:
    curated = record(
        "curated",
        "geonames:173576",
        "Latakia",
        kind="city",
        at=(35.5236, 35.7917),
        name_ar="اللاذقية",
        ids=("ocha:C3480",),
    )
    upstream = [
        record(
            "wof",
            "wof:1",
            "Al Ladhiqiyah",
            kind="town",
            at=north(1),
            name_ar="لاذقية",
            ids=("geonames:173576",),
            population=340181,
        ),
        record("ocha", "ocha:C3480", "Lattakia", kind="city", at=north(2), name_ar="اللاذقيه"),
    ]
    (place,) = merged(*upstream, curated).places
    assert (place.name, place.name_ar, place.kind) == ("Latakia", "اللاذقية", "city")
    assert (place.lat, place.lon) == (35.5236, 35.7917)
    assert place.population == 340181  # curated has none: the best upstream one
    assert place.sources[0] == "curated"
    assert {n.text for n in place.names} >= {"Al Ladhiqiyah", "Lattakia", "لاذقية"}


def test_curated_kind_overrides_an_upstream_kind_through_ids() -> None:
    result = merged(
        record("curated", "geonames:173062", "Jabal al-Arbain", kind="mountain"),
        record("wof", "wof:1293566431", "Jabal al Arba`in", kind="village", ids=("geonames:173062",)),
    )
    (place,) = result.places
    assert place.kind == "mountain"


@pytest.mark.parametrize(
    ("members", "kind", "expected"),
    [
        ([("wof", "Latakia", "eng"), ("ocha", "Lattakia", "eng")], "city", "Latakia"),
        ([("wof", "Al Ladhiqiyah", "und"), ("ocha", "Lattakia", "eng")], "city", "Lattakia"),
        ([("ocha", "Idleb", "eng"), ("opensyria", "Idlib", "eng")], "city", "Idlib"),
        ([("wof", "H'alab", "eng"), ("opensyria", "Aleppo", "eng")], "governorate", "Aleppo"),
        ([("ocha", "Idleb", "eng"), ("curated", "Idlib City", "eng")], "city", "Idlib City"),
    ],
)
def test_preferred_latin_name(members, kind: str, expected: str) -> None:
    places = [
        record(
            source,
            f"{source}:{i}",
            text,
            kind=kind,
            ids=("geonames:1",),
            names=(Name(text, lang, "Latn", source, "preferred"),),
        )
        for i, (source, text, lang) in enumerate(members)
    ]
    assert merged(*places).places[0].name == expected


def test_repeated_names_are_collapsed() -> None:
    same = Name("Bazabur", "eng", "Latn", "wof", "preferred")
    result = merged(
        record("wof", "wof:1", "Bazabur", names=(same,), ids=("geonames:171063",)),
        record(
            "geonames",
            "geonames:171063",
            "Bazabur",
            names=(
                Name("Bazabur", "eng", "Latn", "geonames", "preferred"),
                Name("Bazabur", "eng", "Latn", "geonames", "variant"),
            ),
        ),
    )
    texts = [(n.text, n.lang, n.status) for n in result.places[0].names]
    assert sorted(texts) == [("Bazabur", "eng", "preferred"), ("Bazabur", "eng", "variant")]


# --- admin1 / admin2 -----------------------------------------------------------------------------


def test_admin_names_are_spelled_as_the_governorate_and_district() -> None:
    governorate = record(
        "opensyria",
        "opensyria:sy-idlib",
        "Idlib",
        kind="governorate",
        ids=("ocha:SY07",),
        names=(
            Name("Idlib", "eng", "Latn", "opensyria", "preferred"),
            Name("محافظة إدلب", "ara", "Arab", "opensyria", "variant"),
        ),
    )
    ocha_governorate = record("ocha", "ocha:SY07", "Idleb", kind="governorate", at=None)
    district = record(
        "opensyria",
        "opensyria:sy-idlib-ariha",
        "Ariha",
        kind="district",
        admin1="Idlib",
        names=(
            Name("Ariha", "eng", "Latn", "opensyria", "preferred"),
            Name("Ariha District", "eng", "Latn", "opensyria", "variant"),
        ),
    )
    villages = [
        record("ocha", "ocha:C4268", "Bazabur", at=north(10), admin1="Idleb", admin2="Ariha"),
        record("wof", "wof:1", "Kafr Nabl", at=north(20), admin1="Muhafazat Idlib"),
        record("wof", "wof:2", "Sarmada", at=north(30), admin1="محافظة إدلب", admin2="Ariha District"),
        record("world", "geonames:7", "Elsewhere", at=north(40), admin1="Idleb", country="TR"),
    ]
    result = merged(governorate, ocha_governorate, district, *villages)
    admin = {p.id: (p.admin1, p.admin2) for p in result.places}
    assert admin["ocha:C4268"] == ("Idlib", "Ariha")
    assert admin["wof:1"] == ("Idlib", None)
    assert admin["wof:2"] == ("Idlib", "Ariha")
    assert admin["geonames:7"] == ("Idleb", None)  # another country's "Idleb" is left alone


# --- the grid finds exactly the pairs a brute-force comparison finds ----------------------------


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Tall Hawsh", "Tal-Hawsh", "Bsas", "Kafr Nabl"]),
            st.floats(min_value=0.0, max_value=0.08),
            st.floats(min_value=0.0, max_value=0.08),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_grouping_equals_brute_force_components(points) -> None:
    villages = [
        record("wof", f"wof:{i}", name, at=(35.0 + dlat, 36.5 + dlon))
        for i, (name, dlat, dlon) in enumerate(points)
    ]
    parent = list(range(len(villages)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in itertools.combinations(range(len(villages)), 2):
        va, vb = villages[a], villages[b]
        near = distance_km(va, vb) <= 2.0  # the merge's one distance (tests/test_geo.py checks it)
        if near and normalize(va.name) == normalize(vb.name):
            parent[root(b)] = root(a)
    expected = {
        frozenset(v.id for v in villages if root(int(v.id[4:])) == r)
        for r in set(map(root, range(len(villages))))
    }
    result = merge([SourceRecords("wof", None, villages)])
    assert {frozenset(i for i in p.ids if i.startswith("wof:")) for p in result.places} == expected


# --- a few real WOF and OCHA records (wof_sample, ocha_sample) and the small OpenSyria and GeoNames files ---


@pytest.fixture(scope="module")
def fixtures_merged(wof_sample: Path, ocha_sample: Path) -> MergeResult:
    return merge(
        [
            read_wof(wof_sample),
            read_ocha(ocha_sample),
            read_opensyria(FIXTURES / "opensyria"),
            read_geonames(FIXTURES / "geonames"),
        ]
    )


def test_fixture_sources_merge_into_one_latakia_city(fixtures_merged: MergeResult) -> None:
    city = group_of(fixtures_merged, "wof:421190427")
    assert city.id == "geonames:173576" and city.kind == "city"
    assert {"wof:1125980503", "wof:1141906287", "ocha:C3480", "wikidata:Q200030"} <= set(city.ids)
    assert city.name == "Latakia" and city.admin1 == "Latakia"
    governorate = group_of(fixtures_merged, "opensyria:sy-latakia")
    assert governorate is not city and governorate.kind == "governorate"
    assert {"geonames:173578", "wof:85678345", "ocha:SY06", "iso:SY-LA"} <= set(governorate.ids)


def test_fixture_sources_merge_bazabur(fixtures_merged: MergeResult) -> None:
    bazabur = group_of(fixtures_merged, "ocha:C4268")
    assert bazabur.id == "geonames:171063"
    assert "wof:1242861361" in bazabur.ids
    assert (bazabur.admin1, bazabur.admin2) == ("Idlib", "Ariha")  # OCHA wrote "Idleb"
    assert bazabur.sources == ("geonames", "wof", "ocha")


def test_ids_find_one_place_each(fixtures_merged: MergeResult) -> None:
    seen: dict[str, str] = {}
    for place in fixtures_merged.places:
        for place_id in place.ids:
            assert seen.setdefault(place_id, place.id) == place.id, place_id
    stats = fixtures_merged.stats
    assert stats["records_in"] - stats["places_out"] == (
        stats["merged_by_id"] + stats["merged_by_arabic"] + stats["merged_by_latin"]
    )


# --- the real sources ----------------------------------------------------------------------------


def test_real_sources_build_the_syria_gazetteer(shared_data: Path) -> None:
    wof = read_wof(shared_data / "whosonfirst-data-admin-sy-master.tar.gz")
    ocha = read_ocha(shared_data / "ocha-cod-syria-2015")
    opensyria = read_opensyria(shared_data / "opensyria-data-geography")
    assert wof.stats["records"] == 10710
    assert wof.stats["skipped_alternate_geometry"] == 28
    assert ocha.stats["communities"] == 5251
    assert ocha.stats["damaged_names"] == 6 and ocha.warnings
    assert (opensyria.stats["governorates"], opensyria.stats["districts"]) == (14, 62)
    assert opensyria.stats["subdistricts"] == 272

    result = merge([wof, ocha, opensyria])
    places = result.places
    assert len(places) >= 10_000
    assert sum(len(p.names) for p in places) >= 40_000
    assert len({p.id for p in places}) == len(places)

    latakia = group_of(result, "geonames:173576")
    assert latakia.kind == "city" and latakia.name == "Latakia"
    assert {"wof:1125980503", "wof:421190427", "wof:1141906287", "ocha:C3480"} <= set(latakia.ids)
    assert latakia.name_ar is not None and "محافظ" not in latakia.name_ar
    governorate = group_of(result, "opensyria:sy-latakia")
    assert governorate.kind == "governorate" and governorate.id == "geonames:173578"
    assert group_of(result, "ocha:C1007") is not group_of(result, "opensyria:sy-aleppo")

    bazabur = group_of(result, "ocha:C4268")
    assert (bazabur.name_ar, bazabur.admin1, bazabur.admin2) == ("بزابور", "Idlib", "Ariha")
    assert bazabur.id.startswith("geonames:")

    governorates = {p.name for p in places if p.kind == "governorate"}
    assert len(governorates) == 14
    assert {p.admin1 for p in places} - {None} == governorates
    assert sum(1 for p in places if p.kind == "district") == 62
