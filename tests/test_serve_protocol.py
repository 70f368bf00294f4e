"""The reconciliation service against the Reconciliation Service API 0.2, on a live server.

Every response is validated against the specification's own JSON Schemas (``../shared/
reconciliation-api-0.2/schemas``); the specification's valid example batches are accepted and its
invalid ones refused with a 400. The examples come from other services (a person-name authority
with its own types and properties), so a valid example sent as it is gets the 400 an unknown type or
property gets, naming it; with its types and property ids put into our vocabulary, structure
unchanged, it is answered.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import httpx
import pytest
from jsonschema import Draft7Validator
from reconciliation_schemas import EXAMPLES, REGISTRY, SCHEMAS, conforms

LATAKIA, KAFR_NABL, IDLIB_GOVERNORATE = "geonames:173576", "geonames:168661", "geonames:169387"


def _examples(kind: str, validity: str) -> list[Path]:
    return sorted((EXAMPLES / kind / validity).glob("*.json"))


@pytest.mark.parametrize("kind", ["manifest", "reconciliation-query-batch", "reconciliation-result-batch"])
def test_the_schemas_tell_the_specifications_examples_apart(kind: str) -> None:
    # the validator set-up itself (drafts, $ref resolution) is right: otherwise nothing below means much
    validator = Draft7Validator(SCHEMAS[kind], registry=REGISTRY)
    assert all(validator.is_valid(json.loads(p.read_text())) for p in _examples(kind, "valid"))
    assert not any(validator.is_valid(json.loads(p.read_text())) for p in _examples(kind, "invalid"))


@pytest.fixture(scope="module")
def http(live_server: str):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


def _error(response: httpx.Response, status: int = 400) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()["error"]


# -- manifest ----------------------------------------------------------------------------------------
def test_the_manifest_conforms_and_points_at_this_server(http: httpx.Client, live_server: str) -> None:
    response = http.get("/reconcile")
    manifest = response.json()
    conforms("manifest", manifest)
    assert response.headers["access-control-allow-origin"] == "*"
    assert [t["id"] for t in manifest["defaultTypes"]][:3] == ["settlement", "neighbourhood", "governorate"]
    assert manifest["preview"]["url"] == f"{live_server}/reconcile/preview?id={{{{id}}}}"
    assert manifest["view"]["url"] == f"{live_server}/place/{{{{id}}}}"
    suggest = manifest["suggest"]["entity"]
    assert http.get(suggest["service_path"], params={"prefix": "Lat"}).status_code == 200
    assert manifest["extend"]["propose_properties"]["service_url"] == live_server


# -- queries -------------------------------------------------------------------------------------------
BATCH = {
    "q0": {"query": "Kafr Nabl", "type": "settlement"},
    "q1": {"query": "Idleb", "type": "governorate", "limit": 3},
    "q2": {"query": "Sawda", "properties": [{"pid": "governorate", "v": "Lattakia"}]},
    "q3": {"query": "Qwxzzy Jjqv"},
}


def test_a_batch_by_get_by_form_post_and_by_json_post_gets_the_same_conforming_answer(
    http: httpx.Client,
) -> None:
    by_get = http.get("/reconcile", params={"queries": json.dumps(BATCH)})
    by_form = http.post("/reconcile", data={"queries": json.dumps(BATCH)})
    by_json = http.post("/reconcile", json=BATCH)
    for response in (by_get, by_form, by_json):
        assert response.status_code == 200, response.text
        conforms("reconciliation-result-batch", response.json())
    assert by_get.json() == by_form.json() == by_json.json()
    results = {key: value["result"] for key, value in by_get.json().items()}
    kafr_nabl = results["q0"][0]
    assert (kafr_nabl["id"], kafr_nabl["match"], kafr_nabl["score"]) == (KAFR_NABL, True, 100.0)
    assert kafr_nabl["description"] == "كفر نبل · town · Idlib governorate"
    assert kafr_nabl["type"] == [{"id": "settlement", "name": "Settlement"}]
    assert all(c["type"][0]["id"] == "settlement" for c in results["q0"])
    assert (
        len(results["q1"]) <= 3 and results["q1"][0]["id"] == IDLIB_GOVERNORATE and results["q1"][0]["match"]
    )
    sawda = results["q2"]
    assert "Latakia governorate" in sawda[0]["description"] and "close behind" in sawda[0]["description"]
    assert sawda[0]["match"] is False  # two villages of that name in Latakia: a person decides
    assert not any(c["match"] for c in results["q3"])


def test_property_values_are_read_as_the_library_reads_them_and_never_fail_a_batch(
    http: httpx.Client,
) -> None:
    def answer(*properties: dict) -> list[dict]:
        query = {"query": "Sawda", **({"properties": list(properties)} if properties else {})}
        response = http.post("/reconcile", json={"q0": query})
        assert response.status_code == 200, response.text
        return response.json()["q0"]["result"]

    def prop(pid: str, value: object) -> dict:
        return {"pid": pid, "v": value}

    plain = answer()
    unknown = (
        prop("governorate", "Narnia"),
        prop("country", "Atlantis"),
        prop("kind", "castle"),
        prop("district", ""),
    )
    assert answer(*unknown) == plain  # values that name nothing are ignored, not errors
    in_lattakia = answer(prop("governorate", "Lattakia"))
    assert in_lattakia != plain
    assert answer(prop("governorate", ["", "Al-Lādhiqīyah"])) == in_lattakia  # the first value naming one
    assert answer(prop("governorate", {"id": "geonames:173578", "name": "x"})) == in_lattakia  # reconciled
    assert answer(prop("country", "Syria")) == answer(prop("country", "SYR")) == answer(prop("country", "sy"))


def _in_our_vocabulary(batch: dict) -> dict:
    """The batch with its types and property ids replaced by ours, its structure kept."""
    ours = {}
    for key, query in batch.items():
        query = dict(query)
        if "type" in query:
            query["type"] = (
                "settlement" if isinstance(query["type"], str) else ["settlement"] * len(query["type"])
            )
        if "properties" in query:
            query["properties"] = [{**p, "pid": "governorate"} for p in query["properties"]]
        ours[key] = query
    return ours


@pytest.mark.parametrize("path", _examples("reconciliation-query-batch", "valid"), ids=lambda p: p.stem)
def test_the_specifications_valid_batches_are_accepted(http: httpx.Client, path: Path) -> None:
    batch = json.loads(path.read_text())
    verbatim = http.post("/reconcile", data={"queries": json.dumps(batch)})
    if any("type" in query or "properties" in query for query in batch.values()):
        says = _error(verbatim)
        assert re.search(r"unknown (type|property) '(DifferentiatedPerson|professionOrOccupation|uid)'", says)
    else:
        conforms("reconciliation-result-batch", verbatim.json())
    for response in (
        http.post("/reconcile", data={"queries": json.dumps(_in_our_vocabulary(batch))}),
        http.get("/reconcile", params={"queries": json.dumps(_in_our_vocabulary(batch))}),
    ):
        assert response.status_code == 200, response.text
        conforms("reconciliation-result-batch", response.json())
        assert set(response.json()) == set(batch)


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("empty-properties.json", "neither a 'query' string nor any 'properties'"),
        ("empty-query.json", "neither a 'query' string nor any 'properties'"),
        ("misnamed-property.json", "unknown field 'props'"),
    ],
)
def test_the_specifications_invalid_batches_get_a_400_saying_why(
    http: httpx.Client, path: str, says: str
) -> None:
    batch = (EXAMPLES / "reconciliation-query-batch" / "invalid" / path).read_text()
    assert says in _error(http.post("/reconcile", data={"queries": batch}))
    assert says in _error(
        http.post("/reconcile", content=batch, headers={"content-type": "application/json"})
    )


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"queries": "{'q0': "}, "queries is not valid JSON"),
        (
            {"queries": json.dumps({f"q{i}": {"query": "Homs"} for i in range(51)})},
            "at most 50 queries; this one has 51",
        ),
        ({"queries": json.dumps({"q0": {"query": "Homs", "type": "Person"}})}, "unknown type 'Person'"),
        (
            {"queries": json.dumps({"q0": {"query": "Homs", "type": ["settlement", 3]}})},
            "'type' must be a type id",
        ),
        (
            {"queries": json.dumps({"q0": {"query": "Homs", "properties": [{"pid": "P17", "v": "SY"}]}})},
            "unknown property 'P17'",
        ),
        (
            {"queries": json.dumps({"q0": {"query": "Homs", "limit": -1}})},
            "'limit' must be a positive number",
        ),
        ({"queries": json.dumps([{"query": "Homs"}])}, "not a list"),
        ({"queries": json.dumps({"q0": "Homs"})}, "query 'q0' is a string"),
        (
            {"extend": json.dumps({"ids": [LATAKIA], "properties": [{"id": "P625"}]})},
            "unknown property 'P625'",
        ),
        ({"extend": "[1, 2"}, "extend is not valid JSON"),
        ({"callback": "alert(1);x"}, "'callback' must be a JavaScript identifier"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_bad_requests_get_a_400_that_says_what_is_wrong(http: httpx.Client, params: dict, says: str) -> None:
    assert says in _error(http.get("/reconcile", params=params))


def test_posted_bodies_must_be_utf8_and_of_a_known_type_and_at_most_a_megabyte(http: httpx.Client) -> None:
    assert "not valid UTF-8" in _error(
        http.post(
            "/reconcile",
            content=b"queries=\xff\xfe",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    )
    assert "unsupported content type" in _error(
        http.post("/reconcile", content=b"x", headers={"content-type": "text/plain"}), 415
    )
    big = b"queries=" + b"x" * (1 << 20)
    assert "the limit is 1,048,576" in _error(
        http.post("/reconcile", content=big, headers={"content-type": "application/x-www-form-urlencoded"}),
        413,
    )
    streamed = (b"x" * 65536 for _ in range(17))  # chunked: no Content-Length to go by
    assert "exceeds the limit" in _error(http.post("/api/extract", content=streamed), 413)


def test_many_threads_share_the_gazetteer_and_get_the_answers_one_thread_gets(http: httpx.Client) -> None:
    names = ["Kafr Nabl", "Douma", "Qaryateen", "Jisr al-Shughur", "Manbij", "Tadmor", "Darayya", "Salqin"]
    batches = [
        {f"q{i}": {"query": name, "limit": 3} for i, name in enumerate(names[k:] + names[:k])}
        for k in range(8)
    ]
    expected = [http.post("/reconcile", json=batch).json() for batch in batches]
    answers: dict[int, dict] = {}

    def send(index: int) -> None:
        with httpx.Client(base_url=str(http.base_url), timeout=30) as own:
            answers[index] = own.post("/reconcile", json=batches[index % 8]).json()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(answers[index] == expected[index % 8] for index in range(24))


# -- suggest, preview, extension ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"prefix": "Latt"}, LATAKIA),  # a prefix of a name ("Lattakia")
        ({"prefix": "اللاذ"}, LATAKIA),  # in Arabic script
        ({"prefix": "Ladhiq"}, LATAKIA),  # a prefix of a later word ("Al-Ladhiqiyah")
        ({"prefix": "Kafr Nobl"}, KAFR_NABL),  # no name starts so: the fuzzy matcher finds it
        ({"prefix": "Idl", "type": "governorate"}, IDLIB_GOVERNORATE),
    ],
)
def test_entity_suggestions_find_places_by_prefix_and_fuzzily(
    http: httpx.Client, params: dict, expected: str
) -> None:
    found = http.get("/reconcile/suggest/entity", params=params).json()
    conforms("suggest-entities-response", found)
    assert expected in [entity["id"] for entity in found["result"]]
    if "type" in params:
        assert {entity["notable"][0]["id"] for entity in found["result"]} == {params["type"]}


def test_type_and_property_suggestions_and_proposals_conform(http: httpx.Client) -> None:
    types = http.get("/reconcile/suggest/type", params={"prefix": "gov"}).json()
    conforms("suggest-types-response", types)
    assert [t["id"] for t in types["result"]] == ["governorate"]
    properties = http.get("/reconcile/suggest/property", params={"prefix": "p-code"}).json()
    conforms("suggest-properties-response", properties)
    assert {p["id"] for p in properties["result"]} == {"pcode", "governorate_pcode", "district_pcode"}
    proposal = http.get("/reconcile/propose_properties", params={"type": "settlement", "limit": 4}).json()
    conforms("data-extension-property-proposal", proposal)
    assert [p["id"] for p in proposal["properties"]] == ["lat", "lon", "name_ar", "kind"]
    assert "unknown type 'Person'" in _error(
        http.get("/reconcile/propose_properties", params={"type": "Person"})
    )


@pytest.mark.parametrize("path", _examples("data-extension-query", "valid"), ids=lambda p: p.stem)
def test_data_extension_answers_the_specifications_query_shapes_in_our_properties(
    http: httpx.Client, path: Path
) -> None:
    example = json.loads(path.read_text())
    ours = ["governorate", "governorate_pcode", "lat", "geonames", "population"][: len(example["properties"])]
    query = {
        "ids": [KAFR_NABL, LATAKIA, "geonames:0"],
        "properties": [{**p, "id": pid} for p, pid in zip(example["properties"], ours, strict=False)],
    }
    conforms("data-extension-query", query)
    response = http.post("/reconcile", data={"extend": json.dumps(query)})
    assert response.status_code == 200, response.text
    extension = response.json()
    conforms("data-extension-response", extension)
    assert extension == http.get("/reconcile", params={"extend": json.dumps(query)}).json()
    kafr_nabl = extension["rows"][KAFR_NABL]
    assert kafr_nabl["governorate"] == [{"id": IDLIB_GOVERNORATE, "name": "Idlib"}]
    assert kafr_nabl["governorate_pcode"] == [{"str": "SY07"}]
    assert kafr_nabl["lat"][0]["float"] == pytest.approx(35.614, abs=0.001)
    assert all(values == [] for values in extension["rows"]["geonames:0"].values())
    assert extension["meta"][0] == {
        "id": "governorate",
        "name": "Governorate",
        "type": {"id": "governorate", "name": "Governorate"},
    }


def test_every_extension_property_gives_conforming_values(http: httpx.Client) -> None:
    ids = [p["id"] for p in http.get("/reconcile/propose_properties").json()["properties"]]
    assert len(ids) == 17
    query = {"ids": [LATAKIA, "geonames:169387"], "properties": [{"id": i} for i in ids]}
    extension = http.post("/reconcile", data={"extend": json.dumps(query)}).json()
    conforms("data-extension-response", extension)
    latakia = extension["rows"][LATAKIA]
    assert latakia["name_ar"] == [{"str": "اللاذقية"}] and latakia["pcode"] == [{"str": "C3480"}]
    assert latakia["district_pcode"] == [{"str": "SY0600"}] and latakia["population"] == [{"int": 340181}]
    assert {"str": "1125980503"} in latakia["wof"] and latakia["wikidata"] == [{"str": "Q200030"}]


def test_the_preview_card_shows_both_scripts_the_chain_with_pcodes_and_a_map(http: httpx.Client) -> None:
    response = http.get("/reconcile/preview", params={"id": KAFR_NABL})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    card = response.text
    for expected in (
        "Kafr Nabl",
        "كفر نبل",
        "Idlib",
        "SY07",
        "SY0702",
        "35.",
        "<svg",
        'class="point resolved"',
    ):
        assert expected in card
    assert card.count('class="outline district"') == 61
    assert http.get(f"/place/{KAFR_NABL}").text == card  # the view page a reconciled cell links to


def test_what_a_request_sends_comes_back_escaped(http: httpx.Client) -> None:
    script = "<script>alert(1)</script>"
    card = http.get("/reconcile/preview", params={"id": script})
    assert card.status_code == 404
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card.text and script not in card.text
    found = http.get("/reconcile/suggest/entity", params={"prefix": script}).json()
    conforms("suggest-entities-response", found)


def test_jsonp_wraps_get_answers_in_the_named_callback(http: httpx.Client) -> None:
    response = http.get("/reconcile", params={"callback": "jQuery_123.done"})
    assert response.headers["content-type"].startswith("application/javascript")
    assert response.headers["x-content-type-options"] == "nosniff"
    text = response.text
    assert text.startswith("/**/jQuery_123.done(") and text.endswith(");")
    conforms("manifest", json.loads(text[len("/**/jQuery_123.done(") : -2]))
    suggest = http.get("/reconcile/suggest/type", params={"prefix": "dis", "callback": "cb"})
    assert suggest.text.startswith("/**/cb({")


def test_cross_origin_calls_are_allowed_on_the_service_and_preflights_answered(http: httpx.Client) -> None:
    preflight = http.options(
        "/reconcile", headers={"Origin": "http://openrefine.example", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    posted = http.post("/reconcile", json=BATCH, headers={"Origin": "http://openrefine.example"})
    assert posted.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in http.get("/").headers  # the page itself is same-origin
