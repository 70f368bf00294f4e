"""`toponym extract` through click's runner, on real files and stdin, with a pack written from cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED_DIR
from tables import place_from_row, read_table

from toponym.cli import main
from toponym.packs.pack import write_pack

TEXT = "Troops entered the village of Umm Anaksh and shelled Qaryatain, south of Homs.\n"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    places = [place_from_row(row) for row in read_table("extract_places.tsv")]
    return write_pack(places, tmp_path_factory.mktemp("pack") / "test.db", provenance={"sources": []})


def run(*args: str, input: bytes | str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["extract", *args], input=input, env={"TOPONYM_GAZETTEER": ""})
    return result.exit_code, result.stdout, result.stderr


def test_readable_list_from_a_file(pack: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    code, out, _ = run(str(article), "--gazetteer", str(pack))
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:4] == ["start", "end", "text", "id"]
    assert [row.split()[2] for row in rows] == ["Umm", "Qaryatain", "Homs"]
    assert "(not in the gazetteer)" in rows[0]
    assert "town:qaryatayn" in rows[1]


def test_json_from_stdin_has_offsets(pack: Path) -> None:
    code, out, _ = run("-", "--json", "--gazetteer", str(pack), input=TEXT)
    assert code == 0
    mentions = json.loads(out)
    assert [(m["text"], m["start"], m["end"]) for m in mentions] == [
        ("Umm Anaksh", 30, 40),
        ("Qaryatain", 53, 62),
        ("Homs", 73, 77),
    ]
    assert mentions[0]["match"] is None
    assert mentions[2]["match"]["id"] == "city:homs"


def test_geojson_points_for_resolved_mentions(pack: Path) -> None:
    code, out, _ = run("--geojson", "--gazetteer", str(pack), input=TEXT)
    assert code == 0
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["text"] for f in collection["features"]] == ["Qaryatain", "Homs"]
    assert collection["features"][0]["geometry"]["coordinates"] == [37.2407, 34.2296]
    assert {"id", "name", "score", "start", "end"} <= set(collection["features"][0]["properties"])


NEAR_TEXT = "Elsewhere in the southern Ramouseh neighborhood of Aleppo, troops secured a road.\n"


def test_an_unknown_place_the_text_locates_is_shown_near_its_anchor(pack: Path) -> None:
    code, out, _ = run("--gazetteer", str(pack), input=NEAR_TEXT)
    assert code == 0
    _, ramouseh, aleppo = out.splitlines()
    assert ramouseh.split()[2:4] == ["Ramouseh", "-"]
    assert "~ near Aleppo (part of)" in ramouseh
    assert "36.20370" in ramouseh and "city:aleppo" in aleppo


def test_json_and_geojson_of_an_approximate_place(pack: Path) -> None:
    code, out, _ = run("--json", "--gazetteer", str(pack), input=NEAR_TEXT)
    assert code == 0
    ramouseh = json.loads(out)[0]
    assert ramouseh["match"] is None
    assert (ramouseh["near"]["id"], ramouseh["near"]["relation"]) == ("city:aleppo", "part_of")
    code, out, _ = run("--geojson", "--gazetteer", str(pack), input=NEAR_TEXT)
    assert code == 0
    first = json.loads(out)["features"][0]
    assert first["geometry"]["coordinates"] == [37.1726, 36.2037]
    assert first["properties"]["approximate"] is True
    assert (first["properties"]["text"], first["properties"]["near_id"]) == ("Ramouseh", "city:aleppo")


def test_bom_and_arabic_text(pack: Path, tmp_path: Path) -> None:
    article = tmp_path / "arabic.txt"
    article.write_bytes("\ufeffقصف الجيش مواقع في حمص".encode())
    code, out, _ = run(str(article), "--json", "--gazetteer", str(pack))
    assert code == 0
    [mention] = json.loads(out)
    assert (mention["text"], mention["match"]["id"]) == ("حمص", "city:homs")


def test_undecodable_input_suggests_an_encoding(pack: Path, tmp_path: Path) -> None:
    article = tmp_path / "cp1256.txt"
    article.write_bytes("قصف الجيش مواقع في حمص".encode("cp1256"))
    code, _, err = run(str(article), "--gazetteer", str(pack))
    assert code == 1
    assert "--encoding cp1256" in err
    code, out, _ = run(str(article), "--encoding", "cp1256", "--json", "--gazetteer", str(pack))
    assert code == 0
    assert json.loads(out)[0]["text"] == "حمص"


def test_json_and_geojson_together_is_a_usage_error(pack: Path) -> None:
    code, _, err = run("--json", "--geojson", "--gazetteer", str(pack), input=TEXT)
    assert code == 2
    assert "--json" in err


def test_missing_file_is_a_usage_error() -> None:
    code, _, _ = run("/nonexistent/article.txt")
    assert code == 2


def test_seed_article_with_the_default_gazetteer() -> None:
    code, out, _ = run(str(SHARED_DIR / "seeds" / "004_90c1afc30514e84c.txt"), "--json")
    assert code == 0
    texts = {mention["text"] for mention in json.loads(out)}
    assert {"Turkey", "Lattakia", "Aleppo", "Shalaf", "Kinsibba", "Bdama"} <= texts


@pytest.mark.parametrize(
    ("codec", "encoding", "message"),
    [
        pytest.param("utf-16", None, "use --encoding utf-16", id="UTF-16 read as UTF-8"),
        pytest.param("utf-16-be-bom", None, "use --encoding utf-16", id="UTF-16 big-endian"),
        pytest.param("utf-16", "cp1256", "use --encoding utf-16", id="UTF-16 read as cp1256"),
        pytest.param("utf-32", None, "use --encoding utf-32", id="UTF-32"),
        pytest.param("nul", None, "binary", id="NUL bytes"),
        pytest.param("utf-8", "utf-9", "unknown encoding", id="unknown encoding"),
    ],
)
def test_wide_and_binary_text_is_recognised(
    pack: Path, tmp_path: Path, codec: str, encoding: str | None, message: str
) -> None:
    article = tmp_path / "article.txt"
    if codec == "utf-16-be-bom":
        article.write_bytes(b"\xfe\xff" + TEXT.encode("utf-16-be"))
    elif codec == "nul":
        article.write_bytes(TEXT.encode() + b"\x00\x00")
    else:
        article.write_bytes(TEXT.encode(codec))
    code, out, err = run(
        str(article), *(["--encoding", encoding] if encoding else []), "--gazetteer", str(pack)
    )
    assert code == (2 if message == "unknown encoding" else 1), err
    assert message in err and "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_wide_text_with_its_encoding_gives_the_mentions(pack: Path, tmp_path: Path, codec: str) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(TEXT.encode(codec))
    code, out, err = run(str(article), "--encoding", codec, "--json", "--gazetteer", str(pack))
    assert code == 0, err
    assert [m["text"] for m in json.loads(out)] == ["Umm Anaksh", "Qaryatain", "Homs"]
