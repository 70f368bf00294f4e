"""toponym.dask on a real dask.distributed cluster of two worker processes: the same results as the
single-process path (normalize_dataframe, Gazetteer.extract), each pack opened once per worker, and
bad gazetteer arguments refused before any partition runs."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

import toponym  # noqa: E402
import toponym.dask  # noqa: E402
from toponym.errors import InputError, PackError, ToponymError  # noqa: E402
from toponym.tabular import ColumnNotFound, InvalidOption, normalize_dataframe  # noqa: E402

UCDP_COLUMNS = ["id", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude"]


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    """Two worker processes of one thread each, as a small real cluster; started once for the module."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def events(shared_data: Path) -> pd.DataFrame:
    """A UCDP GED-style event table: each place spelling of ../shared/eval/ucdp_dev.tsv as UCDP writes
    it (``where_coordinates``: "Aaliyah (Qurujah) village") with its governorate and district, one row
    per event (so a town repeats as often as it had events), shuffled, plus blank and missing cells."""
    rows = []
    with (shared_data.parent / "eval" / "ucdp_dev.tsv").open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            extra = dict(part.split("=", 1) for part in record["source_row"].split(";")[1:])
            for number in range(int(extra["n_events"])):
                rows.append(
                    [
                        int(extra["event_id"]) * 1000 + number,
                        extra["where_coordinates"],
                        record["admin1"],
                        extra["adm_2"],
                        float(record["gold_lat"]),
                        float(record["gold_lon"]),
                    ]
                )
    rows += [[1, None, None, None, math.nan, math.nan], [2, "", "Idlib Governorate", None, 35.9, 36.6]]
    rows += [[3, "  ALEPPO ", None, None, 36.2, 37.1], [4, "unknown", "", "", math.nan, math.nan]]
    return pd.DataFrame(rows, columns=UCDP_COLUMNS).sample(frac=1.0, random_state=17, ignore_index=True)


@pytest.fixture(scope="module")
def events_parquet(events: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The event table as a folder of four Parquet files, as a large table is stored."""
    folder = tmp_path_factory.mktemp("events")
    for part in range(4):
        events.iloc[part::4].to_parquet(folder / f"part.{part}.parquet")
    return folder


def worker_stats(client: distributed.Client) -> dict[int, toponym.dask.WorkerStats]:
    """What each worker process did so far, by pid."""
    return {stats.pid: stats for stats in client.run(toponym.dask.worker_stats).values()}


# -- normalize -----------------------------------------------------------------------------------


def test_normalize_equals_normalize_dataframe(
    client: distributed.Client, events_parquet: Path, full_pack: Path, tmp_path: Path
) -> None:
    ddf = dd.read_parquet(events_parquet)
    options = {"admin1_column": "adm_1", "admin2_column": "adm_2"}
    result = toponym.dask.normalize(ddf, "where_coordinates", gazetteer=full_pack, **options)
    got = result.compute()
    expected = normalize_dataframe(
        ddf.compute(), "where_coordinates", gazetteer=toponym.load(full_pack), **options
    )
    pd.testing.assert_frame_equal(got, expected)
    assert result.dtypes.equals(got.dtypes)  # the meta given to dask is what the partitions hold
    assert set(got["where_coordinates_status"]) == {"matched", "ambiguous", "unmatched", "empty"}

    # ... and what goes to Parquet comes back the same.
    result.to_parquet(tmp_path / "out")
    pd.testing.assert_frame_equal(dd.read_parquet(tmp_path / "out").compute(), got, check_dtype=False)


def test_fields_choose_and_order_the_result_columns(
    client: distributed.Client, events: pd.DataFrame, full_pack: Path
) -> None:
    ddf = dd.from_pandas(events.head(2000), npartitions=3)
    fields = ("kind", "admin1", "name_ar", "lat", "status")
    got = toponym.dask.normalize(
        ddf, "where_coordinates", admin1_column="adm_1", fields=fields, gazetteer=full_pack, prefix="place"
    ).compute()
    assert list(got.columns) == [*ddf.columns, *(f"place_{field}" for field in fields)]
    default = normalize_dataframe(
        ddf.compute(), "where_coordinates", admin1_column="adm_1", gazetteer=toponym.load(full_pack)
    )
    pd.testing.assert_series_equal(got["place_lat"], default["where_coordinates_lat"], check_names=False)
    pd.testing.assert_series_equal(
        got["place_status"], default["where_coordinates_status"], check_names=False
    )
    gazetteer = toponym.load(full_pack)
    places = [gazetteer.get(i) if isinstance(i, str) else None for i in default["where_coordinates_id"]]
    for name in ("kind", "admin1", "name_ar"):
        wanted = [getattr(place, name) if place else None for place in places]
        assert [None if pd.isna(value) else value for value in got[f"place_{name}"]] == wanted
    assert got["place_kind"].notna().sum() > 1000


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param("id", "not the string 'id'", id="a-bare-string"),
        pytest.param(("id", "population"), "unknown field 'population'; fields are: id, name", id="unknown"),
        pytest.param((), "at least one field", id="none"),
        pytest.param(("id", "lat", "id"), "given twice", id="twice"),
    ],
)
def test_bad_fields_are_refused_when_the_graph_is_built(
    events: pd.DataFrame, fields: object, message: str
) -> None:
    ddf = dd.from_pandas(events.head(10), npartitions=1)
    with pytest.raises(InvalidOption, match=message):
        toponym.dask.normalize(ddf, "where_coordinates", fields=fields, gazetteer="embedded")


def test_an_unknown_column_is_named_with_the_columns_there_are(events: pd.DataFrame) -> None:
    ddf = dd.from_pandas(events.head(10), npartitions=1)
    with pytest.raises(ColumnNotFound, match="'adm1' not found; columns are: id, where_coordinates, adm_1"):
        toponym.dask.normalize(ddf, "where_coordinates", admin1_column="adm1", gazetteer="embedded")
    with pytest.raises(TypeError, match="a dask DataFrame, not DataFrame"):
        toponym.dask.normalize(events, "where_coordinates")  # a pandas one


def test_each_worker_opens_the_pack_once_for_all_its_partitions(
    client: distributed.Client, events: pd.DataFrame, full_pack: Path
) -> None:
    ddf = dd.from_pandas(events, npartitions=8)
    before = worker_stats(client)
    for _ in range(2):
        toponym.dask.normalize(ddf, "where_coordinates", gazetteer=full_pack).compute()
    after = worker_stats(client)
    assert len(after) == 2  # two worker processes
    done = [after[pid].partitions["normalize"] - before[pid].partitions.get("normalize", 0) for pid in after]
    assert sum(done) == 16 and max(done) >= 2
    assert all(stats.loads[str(full_pack)] == 1 for stats in after.values())


def test_a_value_met_in_an_earlier_partition_is_not_resolved_again(
    events: pd.DataFrame, full_pack: Path
) -> None:
    # The synchronous scheduler runs every partition in this process, whose counts we can read.
    ddf = dd.from_pandas(events, npartitions=8)
    before = toponym.dask.worker_stats()
    toponym.dask.normalize(ddf, "where_coordinates", gazetteer=full_pack, country="SY").compute(
        scheduler="sync"
    )
    between = toponym.dask.worker_stats()
    toponym.dask.normalize(ddf, "where_coordinates", gazetteer=full_pack, country="SY").compute(
        scheduler="sync"
    )
    after = toponym.dask.worker_stats()
    # Values are the same up to case and runs of spaces, as for toponym normalize.
    folded = {
        " ".join(value.split()).casefold() if isinstance(value, str) else ""
        for value in events["where_coordinates"]
    }
    assert between.resolved - before.resolved == len(folded)  # once in all, not once per partition
    assert after.resolved == between.resolved
    assert after.partitions["normalize"] - before.partitions.get("normalize", 0) == 16


def test_a_pack_the_workers_cannot_open_fails_before_any_partition_runs(
    client: distributed.Client, events: pd.DataFrame, tmp_path: Path
) -> None:
    ddf = dd.from_pandas(events.head(10), npartitions=2)
    not_a_pack = tmp_path / "syria.db"
    not_a_pack.write_text("id,name\n", encoding="utf-8")
    for path in (tmp_path / "missing.db", not_a_pack):
        with pytest.raises(
            PackError, match=r"the workers cannot open the gazetteer pack .*on tcp://"
        ) as error:
            toponym.dask.normalize(ddf, "where_coordinates", gazetteer=path)
        assert str(path) in str(error.value)
        with pytest.raises(PackError, match="cannot open the gazetteer pack"):
            toponym.dask.extract(dd.from_pandas(pd.Series(["Aleppo"]), npartitions=1), gazetteer=path)


def test_a_loaded_gazetteer_is_refused_with_its_path_to_pass(events: pd.DataFrame, full_pack: Path) -> None:
    ddf = dd.from_pandas(events.head(10), npartitions=1)
    gazetteer = toponym.load(full_pack)
    with pytest.raises(toponym.dask.PackNotPath, match=f"gazetteer='{full_pack}'") as error:
        toponym.dask.normalize(ddf, "where_coordinates", gazetteer=gazetteer)
    assert isinstance(error.value, TypeError) and isinstance(error.value, ToponymError)
    with pytest.raises(TypeError, match="not a loaded Gazetteer"):
        toponym.dask.extract(db.from_sequence(["Aleppo"]), gazetteer=gazetteer)
    with pytest.raises(TypeError, match="a pack path"):
        toponym.dask.normalize(ddf, "where_coordinates", gazetteer=3)


# -- extract -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def articles(shared_data: Path) -> pd.Series:
    """Eight FA-KES articles (by unit_id) and the five seed articles (by file name)."""
    corpus = pd.read_csv(shared_data.parent / "corpus" / "fa-kes-dev.csv", dtype={"unit_id": str})
    texts = dict(zip(corpus["unit_id"].head(8), corpus["article_content"].head(8), strict=True))
    for path in sorted((shared_data.parent / "seeds").glob("*.txt")):
        texts[path.stem] = path.read_text(encoding="utf-8")
    return pd.Series(texts)


def expected_mentions(gazetteer: toponym.Gazetteer, documents: list[tuple[object, str]]) -> pd.DataFrame:
    """The records, written out plainly from Gazetteer.extract, one document after another."""
    rows = []
    for doc_id, text in documents:
        for m in gazetteer.extract(text):
            if m.match is not None:
                place, score = m.match.place, m.match.score
                row = [place.id, place.lat, place.lon, score, "ambiguous" if m.match.ambiguous else "matched"]
            elif m.near is not None and m.near.place.lat is not None:
                row = [None, m.near.place.lat, m.near.place.lon, None, "approximate"]
            else:
                row = [None, None, None, None, "unknown"]
            rows.append([doc_id, m.text, m.start, m.end, *row])
    return pd.DataFrame(
        rows, columns=["doc_id", "text", "start", "end", "id", "lat", "lon", "score", "status"]
    )


def test_extract_a_series_gives_gazetteer_extract_per_document(
    client: distributed.Client, articles: pd.Series, default_gazetteer: toponym.Gazetteer
) -> None:
    texts = dd.from_pandas(articles, npartitions=3, sort=False)
    result = toponym.dask.extract(texts, gazetteer=default_gazetteer.path)
    got = result.compute().reset_index(drop=True)
    expected = expected_mentions(default_gazetteer, list(articles.items()))
    assert result.dtypes.equals(got.dtypes)
    assert [str(got.dtypes[name]) for name in ("start", "end", "lat", "score")] == ["int64"] * 2 + [
        "float64"
    ] * 2
    pd.testing.assert_frame_equal(got, expected.astype(got.dtypes.to_dict()))
    assert {"matched", "approximate", "unknown"} <= set(got["status"])


def test_extract_a_bag_of_texts_or_pairs(
    client: distributed.Client, articles: pd.Series, tmp_path: Path
) -> None:
    texts = [*articles.tolist(), None]  # a missing text is a document with no mentions
    expected = expected_mentions(toponym.load(), [(i, t) for i, t in enumerate(texts) if t])
    by_position = toponym.dask.extract(db.from_sequence(texts, npartitions=4)).compute()
    pd.testing.assert_frame_equal(
        by_position.reset_index(drop=True), expected.astype(by_position.dtypes.to_dict())
    )
    assert by_position["doc_id"].max() > 8  # positions run across partitions, not from 0 in each

    pairs = db.from_sequence(list(articles.items()), npartitions=3)
    with pytest.raises(InputError, match="pass pairs=True"):  # raised on a worker, re-raised here
        toponym.dask.extract(pairs).compute()
    result = toponym.dask.extract(pairs, pairs=True)
    by_id = result.compute().reset_index(drop=True)
    assert by_id["doc_id"].tolist() == [articles.index[i] for i in by_position["doc_id"]]
    pd.testing.assert_frame_equal(
        by_id.drop(columns="doc_id"), by_position.drop(columns="doc_id").reset_index(drop=True)
    )

    result.to_parquet(tmp_path / "mentions")  # records ready for Parquet
    written = pd.read_parquet(tmp_path / "mentions").reset_index(drop=True)
    assert written["doc_id"].tolist() == by_id["doc_id"].tolist() and len(written.columns) == 9


def test_extract_takes_texts_only() -> None:
    frame = dd.from_pandas(pd.DataFrame({"body": ["Aleppo"]}), npartitions=1)
    with pytest.raises(TypeError, match=r"choose its text column \(ddf\['text'\]\)"):
        toponym.dask.extract(frame)
