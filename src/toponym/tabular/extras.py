"""The optional libraries some table formats need, imported on first use (``optional_import``), with
an error naming the extra to install when one is missing (``MissingExtra``).

They are well-kept readers and writers of formats we would otherwise have to parse ourselves:
openpyxl for Excel workbooks, pyarrow for Parquet, polars for its DataFrames.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from toponym.errors import MissingExtra

# module -> the extra of pyproject.toml that installs it
EXTRAS: dict[str, str] = {
    "openpyxl": "excel",
    "pyarrow": "parquet",
    "polars": "polars",
}


def optional_import(module: str, *, needed_for: str) -> ModuleType:
    """Import ``module`` (a key of ``EXTRAS``, or one of its submodules), or raise ``MissingExtra``
    saying that ``needed_for`` needs it and which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        top = module.partition(".")[0]
        raise MissingExtra(
            f"{needed_for} needs {top}, which is not installed: pip install 'toponym[{EXTRAS[top]}]'"
        ) from error
