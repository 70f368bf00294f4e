"""HXL (the Humanitarian Exchange Language): recognising the hashtag row under a table's header
(``hashtag_row``), choosing a column by tag pattern (``find_tagged``), the tags of appended fields
(``field_tags``).

HDX tables carry a row of HXL hashtags under their header (``#adm1+name``, ``#loc+name``); it is not
data. The tag grammar and the pattern matching are libhxl's (``hxl.model.Column``, ``TagPattern``),
an optional extra (``pip install 'toponym[hxl]'``) imported only when a table or a column choice
looks like HXL, because importing it takes most of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from toponym.errors import MissingExtra
from toponym.tabular.columns import FIELDS
from toponym.tabular.errors import ColumnNotFound, InvalidOption

if TYPE_CHECKING:
    import hxl.model

    Tags = Sequence[hxl.model.Column]
else:
    Tags = Sequence[Any]


def looks_like_tag(text: str) -> bool:
    """Whether a cell or a column choice is written like an HXL hashtag (it starts with ``#``)."""
    return text.lstrip().startswith("#")


def hashtag_row(row: Sequence[str], header: Sequence[str]) -> Tags | None:
    """The HXL columns of ``row`` if it is a hashtag row (libhxl's rule: at least half of its
    non-blank cells are hashtags), else None.

    Every hashtag starts with ``#``, so a row where fewer than half the non-blank cells do cannot be
    one, and is settled without libhxl; one that may be needs libhxl (``MissingExtra`` without it).
    """
    filled = [cell for cell in row if cell.strip()]
    if not filled or 2 * sum(map(looks_like_tag, filled)) < len(filled):
        return None
    model = _libhxl("read the HXL hashtag row under the header")
    return model.Column.parse_list(list(row), list(header))


def find_tagged(tags: Tags | None, spec: str) -> int:
    """The 0-based index of the column whose HXL tag matches the pattern ``spec`` (``#loc+name``,
    ``#adm1+name-i_ar``): the column tagged exactly so, else the only one the pattern matches."""
    model = _libhxl(f"choose the column {spec!r} by its HXL hashtag")
    if tags is None:
        raise ColumnNotFound(
            f"column {spec!r} not found: the table has no HXL hashtag row under its header to choose by"
        )
    try:
        pattern = model.TagPattern.parse(spec)
    except Exception as error:  # libhxl raises its own HXLException (and ValueError) for a bad pattern
        raise InvalidOption(f"{spec!r} is not an HXL tag pattern (e.g. '#loc+name'): {error}") from error
    exact = model.Column.parse(spec.strip())
    if exact:
        same = [i for i, column in enumerate(tags) if column.tag and column == exact]
        if len(same) == 1:
            return same[0]
    matching = [i for i, column in enumerate(tags) if column.tag and pattern.match(column)]
    if len(matching) == 1:
        return matching[0]
    listing = ", ".join(f"{i + 1}:{tags[i].display_tag}" for i in matching)
    if matching:
        raise InvalidOption(
            f"{len(matching)} columns match the HXL pattern {spec!r} ({listing}): name one exactly, "
            "or narrow the pattern (+attribute, -attribute)"
        )
    tagged = ", ".join(f"{i}:{column.display_tag}" for i, column in enumerate(tags, start=1) if column.tag)
    raise ColumnNotFound(f"no column's HXL hashtag matches {spec!r}; the hashtags are: {tagged}")


def field_tags(fields: Sequence[str]) -> list[str]:
    """The HXL hashtags of the appended columns of ``fields``, in order (``FIELDS``' ``hxl``)."""
    return [FIELDS[name].hxl for name in fields]


def _libhxl(purpose: str) -> Any:
    try:
        import hxl.model
    except ImportError as error:
        raise MissingExtra(f"to {purpose}, toponym needs libhxl: pip install 'toponym[hxl]'") from error
    return hxl.model
