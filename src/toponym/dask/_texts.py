"""``extract``: the place mentions of many documents, one record per mention, ready for ``to_parquet``."""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from toponym.dask._workers import check_pack, count_partition, gazetteer_for, pack_argument
from toponym.errors import InputError
from toponym.models import Mention
from toponym.tabular.columns import text_dtype

if TYPE_CHECKING:
    from os import PathLike

    import dask.bag
    import dask.dataframe
    import pandas

MentionStatus = Literal["matched", "ambiguous", "approximate", "unknown"]
_Record = tuple[str, int, int, str | None, float | None, float | None, float | None, MentionStatus]

# The columns after doc_id, in order, with their dtypes ("text": pandas' string dtype, as in tables).
MENTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("text", "text"),
    ("start", "int64"),
    ("end", "int64"),
    ("id", "text"),
    ("lat", "float64"),
    ("lon", "float64"),
    ("score", "float64"),
    ("status", "text"),
)


def _record(mention: Mention) -> _Record:
    """A mention's cells after doc_id, in the order of MENTION_COLUMNS (the statuses: see ``extract``)."""
    head = (mention.text, mention.start, mention.end)
    if mention.match is not None:
        place = mention.match.place
        status: MentionStatus = "ambiguous" if mention.match.ambiguous else "matched"
        return (*head, place.id, place.lat, place.lon, mention.match.score, status)
    near = mention.near
    if near is not None and near.place.lat is not None and near.place.lon is not None:
        return (*head, None, near.place.lat, near.place.lon, None, "approximate")
    return (*head, None, None, None, None, "unknown")


def extract(
    texts: dask.bag.Bag | dask.dataframe.Series,
    *,
    gazetteer: str | PathLike[str] | None = None,
    pairs: bool = False,
) -> dask.dataframe.DataFrame:
    """Every place mention of every document, as a dask DataFrame with the columns ``doc_id``, ``text``,
    ``start``, ``end``, ``id``, ``lat``, ``lon``, ``score`` and ``status``, in document order and,
    within a document, in the order of its text. ``status`` is:

    - ``matched`` or ``ambiguous`` (a close runner-up): resolved, with the place's id and point and
      the match's score;
    - ``approximate``: a place the gazetteer lacks, which the text locates by a known place with a
      point (``Mention.near``: "the Ramouseh neighborhood of Aleppo"): that point, and no id or score,
      since the mention is not that place;
    - ``unknown``: a place the gazetteer lacks and the text does not locate.

    ``texts`` is a dask Series of texts, whose index is the document id (its dtype kept); or a dask Bag
    of texts, each numbered by its position in the bag (int64); or, with ``pairs=True``, a Bag of
    ``(doc_id, text)`` pairs, their ids kept as text (a Bag says nothing of its items' types, and a
    Parquet column needs one). A missing text has no mentions. ``gazetteer`` is a pack path every
    worker can open, checked now, as for ``normalize``.
    """
    import dask.bag as db
    import dask.dataframe as dd

    pack = pack_argument(gazetteer)
    if isinstance(texts, dd.Series):
        check_pack(pack)
        meta = _mentions_frame(texts._meta.index, [])
        # Mentions are new rows: the texts' divisions do not hold for them.
        return texts.map_partitions(_extract_series, pack, meta=meta, clear_divisions=True)
    if isinstance(texts, db.Bag):
        check_pack(pack)
        return _extract_bag(texts, pack, pairs=pairs)
    hint = ": choose its text column (ddf['text'])" if isinstance(texts, dd.DataFrame) else ""
    raise TypeError(f"extract takes a dask Series or Bag of texts, not {type(texts).__name__}{hint}")


def _extract_series(texts: pandas.Series, pack: str) -> pandas.DataFrame:
    gazetteer = gazetteer_for(pack)
    rows, records = [], []
    for row, value in enumerate(texts.tolist()):
        text = _document_text(value)
        for mention in gazetteer.extract(text) if text else ():
            rows.append(row)
            records.append(_record(mention))
    count_partition("extract")
    return _mentions_frame(texts.index.take(rows), records)


def _extract_bag(texts: dask.bag.Bag, pack: str, *, pairs: bool) -> dask.dataframe.DataFrame:
    """Bare texts are numbered by their position in the whole bag, which a partition only knows once
    the partitions before it are counted. So each partition is extracted with positions from 0 and
    then shifted by a running total of the counts: a chain of tiny tasks, where counting first would
    read the texts twice or hold them all in memory."""
    import dask
    import dask.dataframe as dd

    frames = []
    offset: object = 0
    for part in texts.to_delayed():
        frame, documents = dask.delayed(_extract_bag_partition, nout=2)(part, pack, pairs)
        frames.append(frame if pairs else dask.delayed(_shift_positions)(frame, offset))
        offset = dask.delayed(operator.add)(offset, documents)
    meta = _mentions_frame(_doc_ids([], pairs=pairs), [])
    return dd.from_delayed(frames, meta=meta, verify_meta=True)


def _extract_bag_partition(items: Iterable[object], pack: str, pairs: bool) -> tuple[pandas.DataFrame, int]:
    """The partition's mentions (bare texts numbered from 0 in the partition) and how many documents
    it held."""
    gazetteer = gazetteer_for(pack)
    doc_ids: list[object] = []
    records = []
    documents = 0
    for position, item in enumerate(items):
        documents += 1
        doc_id, value = _bag_item(item, position, pairs=pairs)
        text = _document_text(value)
        for mention in gazetteer.extract(text) if text else ():
            doc_ids.append(doc_id)
            records.append(_record(mention))
    count_partition("extract")
    return _mentions_frame(_doc_ids(doc_ids, pairs=pairs), records), documents


def _bag_item(item: object, position: int, *, pairs: bool) -> tuple[object, object]:
    is_pair = isinstance(item, (tuple, list)) and len(item) == 2
    if pairs and not is_pair:
        raise InputError(f"with pairs=True, a Bag holds (doc_id, text) pairs, not {item!r:.80}")
    if not pairs and isinstance(item, (tuple, list)):
        raise InputError(
            f"a Bag of texts holds texts, not {item!r:.80}: for (doc_id, text) pairs, pass pairs=True"
        )
    return (_document_text(item[0]), item[1]) if is_pair else (position, item)  # type: ignore[index]


def _shift_positions(frame: pandas.DataFrame, offset: int) -> pandas.DataFrame:
    return frame.assign(doc_id=frame["doc_id"] + offset) if offset else frame


def _doc_ids(values: list[object], *, pairs: bool) -> pandas.Index:
    import pandas as pd

    return pd.Index(values, dtype=text_dtype() if pairs else "int64")


def _document_text(value: object) -> str | None:
    """A document as text: None for a missing one (None, NaN, pandas' NA); other values as their str."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value
    import pandas as pd

    return None if value is pd.NA or value is pd.NaT else str(value)


def _mentions_frame(doc_ids: pandas.Index, records: list[_Record]) -> pandas.DataFrame:
    """The mention records as a DataFrame with fixed dtypes, whatever the partition holds."""
    import pandas as pd

    text = text_dtype()
    by_column = list(zip(*records, strict=True)) if records else [() for _ in MENTION_COLUMNS]
    data: dict[str, object] = {"doc_id": pd.Series(doc_ids, copy=False)}  # a default index: 0, 1, ...
    for (name, kind), values in zip(MENTION_COLUMNS, by_column, strict=True):
        data[name] = pd.Series(list(values), dtype=text if kind == "text" else kind)
    return pd.DataFrame(data)
