"""Normalising place-name columns in bulk: a CSV stream, a table file (CSV/TSV, .xlsx, Parquet), an
iterable of values, a pandas or Polars DataFrame.

Values repeat in real tables (one town, thousands of events), so each distinct (value, context) is
resolved once and cached. CSV is streamed row by row: memory grows with the number of distinct
values, never with the number of rows. Every input field is written back unchanged and in order;
the result columns ``COL_id, COL_name, COL_lat, COL_lon, COL_score, COL_status`` (or the chosen
``FIELDS``) are appended.

The modules, one responsibility each (import from ``toponym.tabular``, which re-exports them):

- ``resolution``: what a cell resolved to (``Resolution``, ``Status``) and how cells compare;
- ``columns``: the result fields, one table (``FIELDS``, ``DEFAULT_FIELDS``): meaning, value, HXL tag;
- ``decisions``: reviewed decisions read back from a review table (``Decisions``);
- ``values``: resolving values (``CachedResolver``, ``resolve_values``, ``normalize_dataframe``);
- ``hashtags``: HXL hashtag rows and choosing columns by tag pattern (the ``hxl`` extra);
- ``stream``: copying a CSV stream with the result columns appended (``find_column``, ``normalize_csv``),
  through a core every format shares;
- ``workbook``, ``parquet``: an .xlsx sheet (openpyxl) and a Parquet file (pyarrow), the same way;
- ``formats``: which format a file is in (``FORMATS``, by extension or as given);
- ``polars_frames``: the Polars helper (``normalize_polars``);
- ``extras``: the optional libraries of those formats, imported on first use;
- ``report``: what a run did (``NormalizeSummary``, ``ValueTally``) and its review table (``write_report``);
- ``files``: normalising a file into another of any format, written atomically (``normalize_file``);
- ``decoding``: recognising binary, UTF-16 and undecodable input, and the line terminator to keep;
- ``errors``: ``InvalidOption``, ``ColumnNotFound``, ``UndecodableInput``.
"""

from toponym.tabular.columns import DEFAULT_FIELDS, FIELDS, ResultField
from toponym.tabular.decisions import Decisions
from toponym.tabular.errors import ColumnNotFound, InvalidOption, UndecodableInput
from toponym.tabular.files import DEFAULT_ENCODING, OUTPUT_ENCODING, normalize_file
from toponym.tabular.formats import FORMATS
from toponym.tabular.polars_frames import normalize_polars
from toponym.tabular.report import REPORT_HEADER, NormalizeSummary, ValueTally, write_report
from toponym.tabular.resolution import EMPTY, STATUSES, Resolution, Status
from toponym.tabular.stream import FIELD_SIZE_LIMIT, find_column, normalize_csv
from toponym.tabular.values import CachedResolver, normalize_dataframe, resolve_values

__all__ = [
    "DEFAULT_ENCODING",
    "DEFAULT_FIELDS",
    "EMPTY",
    "FIELDS",
    "FIELD_SIZE_LIMIT",
    "FORMATS",
    "OUTPUT_ENCODING",
    "REPORT_HEADER",
    "STATUSES",
    "CachedResolver",
    "ColumnNotFound",
    "Decisions",
    "InvalidOption",
    "NormalizeSummary",
    "Resolution",
    "ResultField",
    "Status",
    "UndecodableInput",
    "ValueTally",
    "find_column",
    "normalize_csv",
    "normalize_dataframe",
    "normalize_file",
    "normalize_polars",
    "resolve_values",
    "write_report",
]
