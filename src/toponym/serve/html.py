"""Whole HTML documents: one stylesheet and one script for every page toponym renders, inlined.

The page served at ``/`` links the same files (``static/style.css``, ``static/article.js``); the
documents made here (a place's preview card, ``toponym extract --html``) carry them inline, so each is
one self-contained file.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib.resources import files


@cache
def asset(name: str) -> str:
    """The text of a file in ``toponym/serve/static`` (package data)."""
    return files("toponym.serve").joinpath("static", name).read_text(encoding="utf-8")


def document(title: str, body: str, *, script: str | None = None, body_class: str = "") -> str:
    """An HTML document around ``body`` (already escaped HTML) with the stylesheet and, if named, one
    of the static scripts inlined."""
    inline_script = f"<script>{asset(script)}</script>" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{asset('style.css')}</style></head>"
        f'<body class="{escape(body_class)}">{body}{inline_script}</body></html>\n'
    )
