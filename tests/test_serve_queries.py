"""The query batch reader against the specification's schema: on random batches in our vocabulary it
refuses exactly what the schema refuses, and accepts the rest — save a ``limit`` below 1, which the
schema lets through (any number) and we refuse, as a limit of no candidates is no query."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from reconciliation_schemas import REGISTRY, SCHEMAS

from toponym.serve.errors import RequestError
from toponym.serve.queries import MAX_BATCH, MAX_LIMIT, parse_batch

VALIDATOR = Draft7Validator(SCHEMAS["reconciliation-query-batch"], registry=REGISTRY)
TYPES = st.sampled_from(["settlement", "governorate", "district", "area"])
SCALARS = st.one_of(
    st.text(max_size=8), st.integers(-3, 3), st.floats(allow_nan=False, width=16), st.booleans()
)
ENTITY = st.fixed_dictionaries({"id": st.text(max_size=5)}, optional={"name": st.text(max_size=5)})
VALUE = st.one_of(SCALARS, ENTITY, st.fixed_dictionaries({"name": st.text(max_size=3)}), st.none())
PROPERTY = st.fixed_dictionaries(
    {},
    optional={
        "pid": st.one_of(st.sampled_from(["governorate", "district", "country", "kind"]), st.integers(0, 2)),
        "v": st.one_of(VALUE, st.lists(VALUE, max_size=3)),
    },
)
QUERY = st.fixed_dictionaries(
    {},
    optional={
        "query": st.one_of(st.text(max_size=10), st.integers(0, 2)),
        "type": st.one_of(TYPES, st.lists(TYPES, max_size=3), st.integers(0, 2)),
        "limit": st.one_of(st.integers(-2, 40), st.floats(-2, 40, allow_nan=False), st.text(max_size=2)),
        "properties": st.one_of(st.lists(PROPERTY, max_size=3), st.text(max_size=2)),
        "type_strict": st.sampled_from(["any", "should", "all", "some"]),
        "props": st.just([]),
    },
)
# Query ids without a line break: the schema's "^.*$" does not match one, so it leaves such a query unchecked.
QUERY_ID = st.text(alphabet=st.characters(blacklist_characters="\n"), max_size=4)
BATCH = st.dictionaries(QUERY_ID, st.one_of(QUERY, st.text(max_size=3)), max_size=4)


@settings(max_examples=300, deadline=None)
@given(BATCH)
def test_the_reader_refuses_what_the_schema_refuses_and_reads_the_rest(batch: dict) -> None:
    valid = VALIDATOR.is_valid(batch)
    below_one = any(
        isinstance(q, dict) and isinstance(q.get("limit"), int | float) and q["limit"] < 1
        for q in batch.values()
    )
    try:
        parsed = parse_batch(batch)
    except RequestError as error:
        assert not valid or below_one, f"refused a valid batch: {error}"
        return
    assert valid and not below_one, "read a batch the schema refuses"
    assert set(parsed) == set(batch)
    assert all(1 <= query.limit <= MAX_LIMIT for query in parsed.values())


def test_a_batch_over_the_limit_is_refused_whatever_its_queries() -> None:
    with pytest.raises(RequestError, match=f"at most {MAX_BATCH} queries"):
        parse_batch({f"q{i}": {"query": "Homs"} for i in range(MAX_BATCH + 1)})
    assert len(parse_batch({f"q{i}": {"query": "Homs"} for i in range(MAX_BATCH)})) == MAX_BATCH
