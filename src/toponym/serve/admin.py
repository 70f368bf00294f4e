"""A place's administrative chain as places: its governorate and district, with their P-codes.

A Syrian place's P-codes (``Place.pcodes``) name its units directly; a place without them (a pack
built without OCHA) is placed by ``Place.admin1``/``admin2``, names spelled as the gazetteer's own
governorate and district places are named. The chain is built once per service, from the gazetteer.
"""

from __future__ import annotations

from dataclasses import dataclass

from toponym.gazetteer import Gazetteer
from toponym.models import Place


def scheme_ids(place: Place, scheme: str) -> list[str]:
    """The place's ids in one scheme, without the scheme: ``scheme_ids(latakia, "ocha") == ["C3480"]``."""
    prefix = f"{scheme}:"
    return [external[len(prefix) :] for external in place.ids if external.startswith(prefix)]


@dataclass(frozen=True, slots=True)
class Chain:
    governorate: Place | None
    district: Place | None


class AdminChain:
    """Finds the governorate and district places a place lies in."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._governorates: dict[str, Place] = {}
        self._districts: dict[tuple[str | None, str], Place] = {}
        for place in gazetteer:
            if place.country != "SY":
                continue
            if place.kind == "governorate":
                self._governorates.setdefault(place.name, place)
            elif place.kind == "district":
                self._districts.setdefault((place.admin1, place.name), place)

    def of(self, place: Place) -> Chain:
        if place.country != "SY" or place.kind in {"country", "governorate"}:
            return Chain(None, None)
        codes = place.pcodes
        if codes is not None and codes.admin1 is not None:
            district_code = codes.admin2 if place.kind != "district" else None
            return Chain(
                self._gazetteer.get(f"ocha:{codes.admin1}"),
                self._gazetteer.get(f"ocha:{district_code}") if district_code else None,
            )
        governorate = self._governorates.get(place.admin1) if place.admin1 else None
        district = None
        if place.admin2 and place.kind != "district":
            district = self._districts.get((place.admin1, place.admin2))
        return Chain(governorate, district)
