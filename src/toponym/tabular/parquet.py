"""Normalising a Parquet file with pyarrow (``normalize_parquet``), batch by batch.

The input's columns are never converted: each batch's arrays are written back as they were read (same
types, same values, nulls kept), with the result columns appended as typed arrays (lat, lon and score
float64, the others string; null where unknown). Only the selected and context columns are read as
text, into the resolving core every format shares (``ResultAppender``), so memory grows with the
batch and the number of distinct values, never with the number of rows. The schema's metadata (the
pandas index, for one) and the compression of the input's first column are kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from toponym.errors import InputError
from toponym.tabular.columns import FIELDS, typed_cells
from toponym.tabular.errors import InvalidOption
from toponym.tabular.extras import optional_import
from toponym.tabular.points import POINT_FIELDS, point_typed_cells
from toponym.tabular.report import NormalizeSummary
from toponym.tabular.stream import PointColumns, ResultAppender, result_names, select_columns, select_points
from toponym.tabular.values import CachedResolver

if TYPE_CHECKING:
    import pyarrow
    import pyarrow.parquet

BATCH_ROWS = 65_536  # rows read, resolved and written at a time (each batch one output row group)
# Parquet's names of compression codecs -> the names pyarrow's writer takes
_CODECS = {"UNCOMPRESSED": "none", "SNAPPY": "snappy", "GZIP": "gzip", "BROTLI": "brotli", "ZSTD": "zstd"}
_LZ4 = ("LZ4", "LZ4_RAW")


def normalize_parquet(
    source: Path,
    sink: BinaryIO,
    *,
    columns: Sequence[str],
    admin1_column: str | None,
    admin2_column: str | None,
    fields: tuple[str, ...],
    resolver: CachedResolver,
    points: tuple[str, str] | None = None,
    progress: Callable[[float], None] | None = None,
) -> NormalizeSummary:
    """Write the Parquet file ``source`` to ``sink`` with the result columns of ``fields`` appended
    (see the module docstring). ``progress`` gets the share of rows done (0 to 1). Raises ``InputError`` for a file
    that is not Parquet, ``InvalidOption`` for a column that does not exist, holds no text (a list, a
    struct), or would be given a result column's name already taken."""
    optional_import("pyarrow", needed_for="reading Parquet files")
    import pyarrow as pa

    # imported here, before any output exists, so that a signal never lands in its import
    import pyarrow.compute
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(source)
    except pa.ArrowInvalid as error:
        raise InputError(f"{source.name} is not a Parquet file: {error}") from error
    schema = parquet.schema_arrow
    names = schema.names
    selected = select_columns(names, None, columns, admin1_column, admin2_column)
    point = select_points(names, None, points)
    appended = result_names(selected, fields, point)
    taken = sorted(set(appended) & set(names))
    if taken:
        raise InvalidOption(
            f"{source.name} already has a column {taken[0]!r}: rename it, or normalise a copy without it"
        )
    # Only the selected and context columns are read as text; the appender sees rows of just those.
    needed = sorted(
        {at for s in selected for at in (s.value, s.admin1, s.admin2) if at is not None}
        | ({point.lat, point.lon} if point else set())
    )
    for at in needed:
        _check_text(schema.field(at))
    position = {at: offset for offset, at in enumerate(needed)}
    local = [
        dataclasses.replace(
            s,
            value=position[s.value],
            admin1=None if s.admin1 is None else position[s.admin1],
            admin2=None if s.admin2 is None else position[s.admin2],
        )
        for s in selected
    ]
    types = [pa.float64() if FIELDS[name].numeric else pa.string() for name in fields]
    result_types = types * len(selected)
    if point is not None:
        result_types += [pa.float64() if field.numeric else pa.string() for field in POINT_FIELDS]
    out_schema = schema
    for name, kind in zip(appended, result_types, strict=True):
        out_schema = out_schema.append(pa.field(name, kind))

    local_point = None if point is None else PointColumns(position[point.lat], position[point.lon])
    appender = ResultAppender(
        local, resolver, typed_cells(fields), point=local_point, point_cells=point_typed_cells
    )
    pool = pa.default_memory_pool()
    total = parquet.metadata.num_rows
    rows = 0
    with pq.ParquetWriter(sink, out_schema, compression=_codec(parquet)) as writer:
        # One thread: decoding is not what takes the time (resolving the rows is), and a pool's
        # per-thread allocator caches only add to the peak memory.
        batches = parquet.iter_batches(batch_size=BATCH_ROWS, use_threads=False, use_pandas_metadata=False)
        for batch in batches:
            rows += batch.num_rows
            writer.write_batch(_with_results(batch, needed, appender, out_schema))
            # Written: drop the batch and give its memory back, or the allocator keeps a little of
            # each one and the peak memory creeps up with the rows.
            del batch
            pool.release_unused()
            if progress is not None and total:
                progress(rows / total)
    return appender.summary(rows=rows, header=[*names, *appended])


def _with_results(
    batch: pyarrow.RecordBatch, needed: Sequence[int], appender: ResultAppender, schema: pyarrow.Schema
) -> pyarrow.RecordBatch:
    """``batch`` with the result columns appended: its ``needed`` columns read as text, row by row,
    through the appender."""
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = [pc.fill_null(pc.cast(batch.column(at), pa.string()), "").to_pylist() for at in needed]
    results = []
    for key in zip(*keys, strict=True):
        row = list(key)
        appender.append(row)
        results.append(row[len(needed) :])
    kinds = [schema.field(at).type for at in range(batch.num_columns, len(schema))]
    columns = list(zip(*results, strict=True)) if results else [()] * len(kinds)
    arrays = [pa.array(values, type=kind) for values, kind in zip(columns, kinds, strict=True)]
    return pa.RecordBatch.from_arrays([*batch.columns, *arrays], schema=schema)


def _check_text(field: pyarrow.Field) -> None:
    """Refuse a column that cannot be read as text (a list, a struct, a map)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        pc.cast(pa.array([], type=field.type), pa.string())
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid) as error:
        raise InvalidOption(f"column {field.name!r} holds {field.type}, not names: choose another") from error


def _codec(parquet: pyarrow.parquet.ParquetFile) -> str:
    """The input's compression (of its first column), so that the output is about as small."""
    metadata = parquet.metadata
    if metadata.num_row_groups == 0 or metadata.num_columns == 0:
        return "snappy"
    codec = metadata.row_group(0).column(0).compression
    return "lz4" if codec in _LZ4 else _CODECS.get(codec, "snappy")
