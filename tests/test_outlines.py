"""Administrative outlines: read from OCHA's real polygon files, simplified without moving any community
across a district boundary, stored in a pack and read from it only when asked for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

from toponym.packs.outlines import outline_files, read_outlines
from toponym.packs.pack import read_outlines as read_pack_outlines
from toponym.packs.pack import read_pack, write_pack


@pytest.fixture(scope="module")
def ocha_dir(shared_data: Path) -> Path:
    return shared_data / "ocha-cod-syria-2015"


@pytest.fixture(scope="module")
def outlines(ocha_dir: Path):
    return read_outlines(outline_files(ocha_dir))


def test_both_levels_are_read_with_pcodes_and_names(outlines) -> None:
    governorates = [o for o in outlines if o.level == "governorate"]
    districts = [o for o in outlines if o.level == "district"]
    assert len(governorates) == 14 and len(districts) == 61
    idlib = next(o for o in governorates if o.pcode == "SY07")
    assert (idlib.name, idlib.name_ar) == ("Idleb", "إدلب")
    assert all(o.pcode.startswith(o.pcode[:4]) and len(o.pcode) == 6 for o in districts)
    assert all(o.geometry.is_valid and o.geometry.geom_type in {"Polygon", "MultiPolygon"} for o in outlines)


def test_simplification_keeps_a_clean_coverage_with_far_fewer_vertices(outlines, ocha_dir: Path) -> None:
    districts = [o.geometry for o in outlines if o.level == "district"]
    original = [shape(f["geometry"]) for f in _features(ocha_dir / "syr_admin2.geojson")]
    assert shapely.coverage_is_valid(districts)  # no overlaps between neighbours
    assert shapely.get_num_coordinates(districts).sum() < 0.3 * shapely.get_num_coordinates(original).sum()


def test_every_community_stays_in_the_district_the_original_polygons_put_it_in(
    outlines, ocha_dir: Path
) -> None:
    original = {
        f["properties"]["PCODE"]: shape(f["geometry"]) for f in _features(ocha_dir / "syr_admin2.geojson")
    }
    simplified = {o.pcode: o.geometry for o in outlines if o.level == "district"}
    points = [
        Point(f["geometry"]["coordinates"][:2]) for f in _features(ocha_dir / "syr_admin4_point.geojson")
    ]
    assert len(points) == 5251
    before, after = _containing(original, points), _containing(simplified, points)
    assert before == after
    assert sum(1 for codes in after if len(codes) == 1) > 5150  # and the rest lie outside every district


def test_a_pack_stores_the_outlines_and_the_gazetteer_reads_them_on_first_call(full_pack: Path) -> None:
    import toponym

    gazetteer = toponym.load(full_pack)
    outlines = gazetteer.outlines()
    assert len(outlines) == 75 and gazetteer.outlines() is outlines
    assert {o.level for o in outlines} == {"governorate", "district"}
    assert read_pack(full_pack)[1]["outlines"][0]["path"] == "syr_admin1.geojson"
    probe = (
        "import sys, toponym; g = toponym.load(sys.argv[1]); g.resolve('Idlib'); "
        "print('shapely' in sys.modules, len(g.outlines()), 'shapely' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", probe, str(full_pack)], capture_output=True, text=True)
    assert run.stdout.split() == ["False", "75", "True"], run.stderr


def test_a_pack_without_outlines_gives_an_empty_tuple(tmp_path: Path, outlines) -> None:
    from toponym.gazetteer import Gazetteer
    from toponym.models import Place

    place = Place(id="curated:x", name="X", kind="village", lat=35.0, lon=37.0)
    bare = write_pack([place], tmp_path / "bare.db", provenance={})
    assert read_pack_outlines(bare) == ()
    assert Gazetteer([place]).outlines() == ()  # no pack at all
    stored = write_pack([place], tmp_path / "with.db", provenance={}, outlines=outlines[:2])
    again = read_pack_outlines(stored)
    assert [(o.pcode, o.name) for o in again] == [(o.pcode, o.name) for o in outlines[:2]]
    assert again[0].geometry.equals(outlines[0].geometry)


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_bytes().decode("utf-8", errors="replace"))["features"]


def _containing(polygons: dict, points: list[Point]) -> list[frozenset[str]]:
    codes = list(polygons)
    tree = shapely.STRtree(list(polygons.values()))
    return [frozenset(codes[i] for i in tree.query(p, predicate="intersects")) for p in points]
