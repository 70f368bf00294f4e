"""``toponym data fetch syria``: download the public upstream files and build the Syria pack.

Every upstream address is in ``UPSTREAM_FILES``, keyed by the path the file takes under the
download directory (the same layout as ``../shared/data``). ``$TOPONYM_MIRROR`` replaces every
address with ``<mirror>/<that path>``, for an internal mirror or an offline copy served over HTTP.
"""

from __future__ import annotations

import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from toponym.errors import FetchError, OutputError
from toponym.output import atomic_output
from toponym.packs.pipeline import BuildReport, build_pack
from toponym.paths import FETCHED_PACK_NAME, user_data_dir

MIRROR_ENV = "TOPONYM_MIRROR"

WOF_ARCHIVE = "whosonfirst-data-admin-sy-master.tar.gz"
OCHA_DIR = "ocha-cod-syria-2015"
OPENSYRIA_DIR = "opensyria-data-geography"

UPSTREAM_FILES: dict[str, str] = {
    WOF_ARCHIVE: "https://github.com/whosonfirst-data/whosonfirst-data-admin-sy/archive/refs/heads/master.tar.gz",
    f"{OCHA_DIR}/syr_admin4_point.geojson": "https://data.humdata.org/dataset/syria-admin-level-4-cod-point/resource/syr_admin4_point.geojson",
    # the Damascus neighbourhoods, read from beside the points (a fetched pack must equal a built one)
    f"{OCHA_DIR}/syr_admin5.geojson": "https://data.humdata.org/dataset/cod-ab-syr/resource/syr_admin5.geojson",
    # governorate and district polygons, for the importers that read them
    f"{OCHA_DIR}/syr_admin1.geojson": "https://data.humdata.org/dataset/cod-ab-syr/resource/syr_admin1.geojson",
    f"{OCHA_DIR}/syr_admin2.geojson": "https://data.humdata.org/dataset/cod-ab-syr/resource/syr_admin2.geojson",
    f"{OPENSYRIA_DIR}/governorates.json": "https://raw.githubusercontent.com/opensyria/data-geography/main/data/governorates.json",
    f"{OPENSYRIA_DIR}/districts.json": "https://raw.githubusercontent.com/opensyria/data-geography/main/data/districts.json",
    f"{OPENSYRIA_DIR}/subdistricts.json": "https://raw.githubusercontent.com/opensyria/data-geography/main/data/subdistricts.json",
}

Progress = Callable[[str], None]


def upstream_urls() -> dict[str, str]:
    """The address of each upstream file, honouring ``$TOPONYM_MIRROR``."""
    mirror = os.environ.get(MIRROR_ENV)
    if not mirror:
        return dict(UPSTREAM_FILES)
    return {relative: f"{mirror.rstrip('/')}/{relative}" for relative in UPSTREAM_FILES}


def fetch_syria(
    destination: Path | None = None, *, progress: Progress | None = None, timeout: float = 60.0
) -> BuildReport:
    """Download the upstream files into ``destination`` (default: the user data dir) and build
    ``syria.db`` there, which then becomes the default gazetteer."""
    say = progress or (lambda _message: None)
    root = Path(destination) if destination else user_data_dir()
    sources = root / "sources"
    for relative, url in upstream_urls().items():
        say(f"downloading {url}")
        _download(url, sources / relative, timeout=timeout)
    return build_pack(
        output=root / FETCHED_PACK_NAME,
        wof=sources / WOF_ARCHIVE,
        ocha=sources / OCHA_DIR,
        opensyria=sources / OPENSYRIA_DIR,
        progress=say,
    )


def _download(url: str, target: Path, *, timeout: float) -> None:
    """Fetch ``url`` to ``target`` through a temporary file (``toponym.output``), so a broken or
    interrupted download leaves nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)  # our own download tree, made as needed
    try:
        with atomic_output(target) as out, urllib.request.urlopen(url, timeout=timeout) as response:
            shutil.copyfileobj(response, out)
    except OutputError:
        raise
    except (urllib.error.URLError, OSError) as error:
        raise FetchError(
            f"could not download {url}: {error}. Set ${MIRROR_ENV} to a mirror of the upstream files, "
            "or build from local copies with `toponym data build`."
        ) from error
