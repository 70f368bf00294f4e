"""Recognising what an input file's bytes are before a reader sees them: an unknown encoding, binary
data (ZIP/Excel, gzip, NUL bytes), UTF-16/32 read as UTF-8, the line terminator to keep, and, when
decoding fails, where and which encoding to try instead. ``normalize`` (CSV) and ``extract`` (text)
both check their input here.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import BinaryIO

from toponym.errors import InputError
from toponym.tabular.errors import InvalidOption, UndecodableInput


def check_encoding(encoding: str) -> None:
    """Refuse, as a usage error, an encoding Python does not know."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InvalidOption(
            f"unknown encoding {encoding!r} (try utf-8-sig, cp1256, utf-16, latin-1)"
        ) from None


# The first bytes of an OLE compound file: an old .xls, or an .xlsx encrypted with a password.
OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")

# UTF-32 first: its little-endian mark begins with UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def wide_encoding(head: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when the bytes start with that encoding's byte-order mark, else None."""
    return next((name for bom, name in _WIDE_BOMS if head.startswith(bom)), None)


def check_text_head(head: bytes, encoding: str, *, wide_hint: str = "") -> None:
    """Recognise, from the first bytes, what is not text in ``encoding``: UTF-16/32 text (by its
    byte-order mark) read as another encoding, a ZIP archive (Excel), gzip, NUL bytes. ``wide_hint``
    ends the UTF-16/32 message (the CSV reader adds --tsv)."""
    wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    found = wide_encoding(head)
    if not wide and found:
        raise UndecodableInput(
            f"the input is {found} text (it starts with a {found} byte-order mark): "
            f"use --encoding {found.lower()}{wide_hint}"
        )
    if head.startswith(b"PK\x03\x04"):
        raise InputError(
            "the input is a ZIP archive, probably an Excel workbook: save it as 'CSV UTF-8' first"
        )
    if head.startswith(b"\x1f\x8b"):
        raise InputError("the input is gzip-compressed: decompress it first (gunzip -c FILE | toponym …)")
    if not wide and b"\x00" in head:
        raise InputError("the input is binary, not text (it contains NUL bytes)")


def check_head(head: bytes, encoding: str) -> None:
    """Recognise, from the first bytes, what no CSV reader should try to read."""
    if not head:
        raise InputError("the input is empty: expected a CSV file with a header row")
    if head.startswith(b"PK\x03\x04"):
        raise InputError(
            "the input is a ZIP archive, probably an Excel workbook: give its path with --format xlsx "
            "(or name it .xlsx)"
        )
    if head.startswith(OLE_SIGNATURE):
        raise InputError(
            "the input is an OLE compound file: an old .xls or a password-protected workbook; "
            "save it as .xlsx without a password"
        )
    check_text_head(
        head, encoding, wide_hint=" (Excel's 'Unicode Text' export; add --tsv if it is tab-separated)"
    )


def line_terminator(head: bytes, encoding: str) -> str:
    """The input's line ending (CRLF or LF), so that the output does not differ on every line."""
    text = head.decode(encoding, errors="replace")
    newline = text.find("\n")
    if newline == -1:
        return "\r\n" if "\r" in text else "\n"
    return "\r\n" if newline > 0 and text[newline - 1] == "\r" else "\n"


def undecodable(error: UnicodeDecodeError, source: Path | BinaryIO, encoding: str) -> UndecodableInput:
    """The error to raise for ``error``: where the bad byte is, and which encoding to try instead."""
    found = _first_undecodable(source, encoding) if isinstance(source, Path) else None
    if found:
        line, byte = found
        where = f" at line {line} (byte 0x{byte:02x})"
    else:
        where = f" (byte 0x{error.object[error.start]:02x})"
    if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"):
        hint = "Arabic Windows and Excel exports are usually cp1256: try --encoding cp1256"
    else:
        hint = "try --encoding utf-8-sig (the default) or the encoding the file was saved in"
    return UndecodableInput(f"the input is not valid {encoding}{where}; {hint}")


def _first_undecodable(path: Path, encoding: str) -> tuple[int, int] | None:
    """The 1-based line and the value of the first byte that does not decode (on the error path only)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                return line + error.object[: error.start].count(b"\n"), error.object[error.start]
            line += block.count(b"\n")
    return None
