"""Small samples of the real upstream files, cut from ../shared at test time into a temporary directory.

Importer tests run on the publishers' own records (a few of them, so they stay fast and readable)
without any copy of those records in the repository. Cases the real data has no example of (a
superseded record, a town placed only by its GeoNames admin1 code) are written here by hand, with ids
no WOF record uses.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path, PurePosixPath
from typing import Any

OCHA_POINTS = "ocha-cod-syria-2015/syr_admin4_point.geojson"
OCHA_NEIGHBOURHOODS = "ocha-cod-syria-2015/syr_admin5.geojson"
WOF_ARCHIVE = "whosonfirst-data-admin-sy-master.tar.gz"

# The WOF records in the sample: every kind the importer tells apart, the three records of Latakia
# city and the records it must skip.
WOF_SAMPLE_IDS = (
    85632413,  # the country
    85678345,  # the governorate of Latakia, with an alternate geometry file
    85681385,  # the UNDOF zone: a WOF region, not a governorate
    1108779125,  # a county (district)
    1125980503,  # Latakia city, from GeoNames
    1141906287,  # Latakia city, from Natural Earth
    421190427,  # Latakia city, from Quattroshapes (carries the governorate's names)
    421168647,  # Homs, named in Arabic, with a historic and an English variant name
    1242861361,  # Bazabur: a village whose hierarchy has no region
    85903033,  # a neighbourhood
    102542747,  # a campus (not a place we keep)
    421202299,  # a deprecated record
)
SAMPLE_TOWN_ID = 9000000002  # hand-written: a town placed only by its GeoNames admin1 code
SAMPLE_SUPERSEDED_ID = 9000000001  # hand-written: a record superseded by another
OCHA_SAMPLE_PCODES = ("C4268", "C4269", "C3871", "C3480", "C3935", "C3947")
# Damascus neighbourhoods: Kafar Soussa, Jowbar, one written with a double space, and "Unknown"
OCHA_SAMPLE_NEIGHBOURHOODS = ("C10011010", "C10011011", "C10011018", "C10011067")


def write_ocha_sample(shared_data: Path, directory: Path) -> Path:
    """OCHA's points file with only the OCHA_SAMPLE_PCODES communities, its bytes kept (a damaged
    Arabic name stays damaged), under ``directory`` with the publisher's file name."""
    return _write_feature_subset(shared_data / OCHA_POINTS, directory, "PCODE", OCHA_SAMPLE_PCODES)


def write_ocha_neighbourhood_sample(shared_data: Path, directory: Path) -> Path:
    """OCHA's admin5 file with only the OCHA_SAMPLE_NEIGHBOURHOODS polygons, under ``directory`` with
    the publisher's file name."""
    return _write_feature_subset(
        shared_data / OCHA_NEIGHBOURHOODS, directory, "HAY_PCODE", OCHA_SAMPLE_NEIGHBOURHOODS
    )


def _write_feature_subset(source: Path, directory: Path, code_field: str, codes: tuple[str, ...]) -> Path:
    """The GeoJSON ``source`` with only the features whose ``code_field`` is one of ``codes``, written
    under ``directory`` with its own name; undecodable bytes pass through as they are."""
    collection = json.loads(source.read_bytes().decode("utf-8", "surrogateescape"))
    wanted = set(codes)
    collection["features"] = [f for f in collection["features"] if f["properties"][code_field] in wanted]
    found = {f["properties"][code_field] for f in collection["features"]}
    assert found == wanted, f"not in {source}: {sorted(wanted - found)}"
    path = directory / source.name
    path.write_bytes(json.dumps(collection, ensure_ascii=False).encode("utf-8", "surrogateescape"))
    return path


def write_wof_sample(shared_data: Path, directory: Path) -> Path:
    """The WOF_SAMPLE_IDS records (with their alternate geometries) from the real GitHub archive, and
    the two hand-written ones, laid out as in the archive under ``directory``; returns its root."""
    wanted = {str(wof_id) for wof_id in WOF_SAMPLE_IDS}
    found: set[str] = set()
    root = directory
    with tarfile.open(shared_data / WOF_ARCHIVE) as archive:
        for member in archive:
            name = PurePosixPath(member.name)
            record_id = name.name.split(".")[0].split("-")[0]  # 85678345-alt-quattroshapes.geojson
            if not member.isfile() or name.suffix != ".geojson" or record_id not in wanted:
                continue
            root = directory / name.parts[0]
            target = directory.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())  # type: ignore[union-attr]
            found.add(record_id)
    assert found == wanted, f"not in {WOF_ARCHIVE}: {sorted(wanted - found)}"
    for record in _hand_written_records():
        (root / "data" / f"{record['id']}.geojson").write_text(json.dumps(record), encoding="utf-8")
    return root


def _hand_written_records() -> list[dict[str, Any]]:
    town = _wof_locality(
        SAMPLE_TOWN_ID,
        35.67,
        35.8,
        {
            "wof:name": "Burj Islam",
            "gn:geonameid": 172600,
            "gn:feature_code": "PPL",
            "gn:population": 12000,
            "gn:admin1_code": "2.0",
            "name:ara_x_preferred": ["برج إسلام"],
            "wof:concordances": {"gn:id": 172600},
        },
    )
    superseded = _wof_locality(
        SAMPLE_SUPERSEDED_ID,
        35.2,
        36.2,
        {"wof:name": "Wahsharah", "wof:superseded_by": [SAMPLE_TOWN_ID], "mz:is_current": 0},
    )
    return [town, superseded]


def _wof_locality(wof_id: int, lat: float, lon: float, properties: dict[str, Any]) -> dict[str, Any]:
    """A WOF locality record with the properties the importer reads, in WOF's names."""
    return {
        "id": wof_id,
        "type": "Feature",
        "properties": {
            "wof:id": wof_id,
            "wof:placetype": "locality",
            "wof:country": "SY",
            "iso:country": "SY",
            "wof:superseded_by": [],
            "wof:supersedes": [],
            "geom:latitude": lat,
            "geom:longitude": lon,
            "wof:hierarchy": [{"country_id": 85632413, "locality_id": wof_id}],
            **properties,
        },
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }
