"""Properties that must hold for any input: the CSV path copies every field losslessly, extraction
never raises and its offsets always index the text, and a megabyte-long word costs no memory."""

from __future__ import annotations

import csv
import io
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tables import read_csv_places

import toponym
from toponym.gazetteer import Gazetteer
from toponym.tabular import DEFAULT_FIELDS, normalize_file

SMALL = Gazetteer(read_csv_places())

# Field text: anything Unicode has but NUL (a NUL makes the input binary, refused on purpose), with
# the characters CSV is about made likely: quotes, delimiters, CR, LF, CRLF.
FIELD_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
FIELDS = st.one_of(
    st.text(FIELD_CHARS, max_size=12),
    st.lists(st.sampled_from(['"', ",", "\n", "\r", "\r\n", " ", "Aleppo", "حلب", ""]), max_size=5).map(
        "".join
    ),
)
ROWS = st.lists(st.lists(FIELDS, max_size=6), max_size=12)  # ragged; [] is a blank line
# (no CR in header names: the csv module writes a lone CR unquoted, and reads it back as a line end,
# which could move "location" to a second line)
HEADERS = st.lists(FIELDS.filter(lambda name: name != "location" and "\r" not in name), max_size=3)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# a field holding a lone CR in a file of LF lines: written bare, it was read back as two rows
@example(
    header=[], rows=[["\r"], ["a\rb", "c"]], position=0, terminator="\n", quoting=csv.QUOTE_ALL, bom=False
)
@given(
    header=HEADERS,
    rows=ROWS,
    position=st.integers(0, 3),
    terminator=st.sampled_from(["\r\n", "\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    bom=st.booleans(),
)
def test_csv_fields_come_out_as_they_went_in(
    header: list[str], rows: list[list[str]], position: int, terminator: str, quoting: int, bom: bool
) -> None:
    header = list(header)
    header.insert(min(position, len(header)), "location")
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=terminator, quoting=quoting).writerows([header, *rows])
    with tempfile.TemporaryDirectory() as directory:
        source, output = Path(directory) / "in.csv", Path(directory) / "out.csv"
        source.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
        normalize_file(source, output, columns=["location"], gazetteer=SMALL)
        original = read_rows(source, "utf-8-sig")
        result = read_rows(output, "utf-8")
    # compared with the input as the csv module reads it (it writes a lone CR unquoted, and reads it back
    # as a line end: the file then means what it is read as)
    header = original[0]
    width, added = len(header), len(DEFAULT_FIELDS)
    assert len(result) == len(original)  # the row count is kept, blank lines included
    assert result[0] == header + [f"location_{suffix}" for suffix in DEFAULT_FIELDS]
    for before, after in zip(original[1:], result[1:], strict=True):
        if not before:
            assert after == []
            continue
        assert after[:width] == before[:width] + [""] * (width - len(before))  # short rows padded
        assert after[width + added :] == before[width:]  # a long row's extra fields after the new ones


def read_rows(path: Path, encoding: str) -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:  # newline="": a lone CR stays a CR
        return list(csv.reader(handle))


TEXT_PIECES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "Aleppo",
            "Deir ez-Zor",
            "the villages of",
            "Hama countryside",
            " and ",
            ", ",
            "\n",
            "’",
            "Raqqa province",
            "Tal ",
            "north of ",
            "حلب",
            "اللاذقية",
            "-",
            '"',
            "(",
            "’s",
            "Al-",
            " ",
            "Mr. ",
            "In ",
            "13 towns, including ",
            " village",
            "\u0301",
            "\ufeff",
        ]
    ),
)


@pytest.fixture(scope="module")
def default() -> toponym.Gazetteer:
    return toponym.load("embedded")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(TEXT_PIECES, max_size=30))
def test_extract_never_raises_and_its_offsets_index_the_text(
    default: toponym.Gazetteer, pieces: list[str]
) -> None:
    text = "".join(pieces)
    mentions = default.extract(text)
    previous = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous  # in text order
        previous = mention.start


@pytest.mark.parametrize(
    ("word", "length"),
    [("A" + "b" * 5_000_000, 5_000_001), ("ح" * 2_000_000, 2_000_000)],
    ids=["latin 5 MB", "arabic 2M letters"],
)
def test_a_huge_word_costs_little_memory(default: toponym.Gazetteer, word: str, length: int) -> None:
    text = f"Shelling hit Aleppo {word} and Homs."
    default.extract("Aleppo")  # the index and word lists are loaded before measuring
    tracemalloc.start()
    try:
        mentions = default.extract(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000, f"{peak / 1e6:.0f} MB for a {length:,}-letter word"
    assert [m.text for m in mentions] == ["Aleppo", "Homs"]  # the words around it are still read
