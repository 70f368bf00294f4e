"""Small helpers the upstream importers share: building Names, language codes, settlement kinds."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from toponym.models import Name, NameStatus
from toponym.text.normalize import script_of

# ISO 639-1 → ISO 639-3 (macrolanguage codes where 639-3 has one, as Who's On First writes them:
# "fas", "zho", "msa"). GeoNames and OpenSyria use the two-letter codes.
_ISO639_PAIRS = """
    aa:aar ab:abk ae:ave af:afr ak:aka am:amh an:arg ar:ara as:asm av:ava ay:aym az:aze ba:bak
    be:bel bg:bul bi:bis bm:bam bn:ben bo:bod br:bre bs:bos ca:cat ce:che ch:cha co:cos cr:cre
    cs:ces cu:chu cv:chv cy:cym da:dan de:deu dv:div dz:dzo ee:ewe el:ell en:eng eo:epo es:spa
    et:est eu:eus fa:fas ff:ful fi:fin fj:fij fo:fao fr:fra fy:fry ga:gle gd:gla gl:glg gn:grn
    gu:guj gv:glv ha:hau he:heb hi:hin ho:hmo hr:hrv ht:hat hu:hun hy:hye hz:her ia:ina id:ind
    ie:ile ig:ibo ii:iii ik:ipk io:ido is:isl it:ita iu:iku ja:jpn jv:jav ka:kat kg:kon ki:kik
    kj:kua kk:kaz kl:kal km:khm kn:kan ko:kor kr:kau ks:kas ku:kur kv:kom kw:cor ky:kir la:lat
    lb:ltz lg:lug li:lim ln:lin lo:lao lt:lit lu:lub lv:lav mg:mlg mh:mah mi:mri mk:mkd ml:mal
    mn:mon mr:mar ms:msa mt:mlt my:mya na:nau nb:nob nd:nde ne:nep ng:ndo nl:nld nn:nno no:nor
    nr:nbl nv:nav ny:nya oc:oci oj:oji om:orm or:ori os:oss pa:pan pi:pli pl:pol ps:pus pt:por
    qu:que rm:roh rn:run ro:ron ru:rus rw:kin sa:san sc:srd sd:snd se:sme sg:sag sh:hbs si:sin
    sk:slk sl:slv sm:smo sn:sna so:som sq:sqi sr:srp ss:ssw st:sot su:sun sv:swe sw:swa ta:tam
    te:tel tg:tgk th:tha ti:tir tk:tuk tl:tgl tn:tsn to:ton tr:tur ts:tso tt:tat tw:twi ty:tah
    ug:uig uk:ukr ur:urd uz:uzb ve:ven vi:vie vo:vol wa:wln wo:wol xh:xho yi:yid yo:yor za:zha
    zh:zho zu:zul
    """
_ISO639_1_TO_3: dict[str, str] = dict(pair.split(":") for pair in _ISO639_PAIRS.split())

# Who's On First and GeoNames kinds for populated places: the feature code says what the place is
# administratively; the population decides between city, town and village when it says nothing.
_CITY_CODES = frozenset({"PPLC", "PPLA", "PPLG"})
_TOWN_CODES = frozenset({"PPLA2", "PPLA3"})
_NEIGHBOURHOOD_CODES = frozenset({"PPLX"})
CITY_POPULATION = 100_000
TOWN_POPULATION = 10_000


def iso639_3(code: str | None) -> str:
    """The ISO 639-3 code for a two- or three-letter code ("ar" → "ara", "eng" → "eng"), else "und".

    Regional or variant suffixes are dropped: "zh-CN", "eng_gb" and "zho_min_nan" keep their language.
    """
    if not code:
        return "und"
    base = code.strip().lower().replace("-", "_").split("_", 1)[0]
    if len(base) == 2:
        return _ISO639_1_TO_3.get(base, "und")
    if len(base) == 3 and base.isalpha():
        return base
    return "und"


def script_of_name(text: str) -> str:
    """ISO 15924 of a name: "Arab", "Latn", or "Zyyy" when its letters are in any other script."""
    if text.isascii():
        return "Latn"
    if script_of(text) == "Arab":
        return "Arab"
    for char in text:
        if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            return "Zyyy"
    return "Latn"


def make_name(text: object, lang: str, source: str, status: NameStatus = "variant") -> Name | None:
    """A Name for a non-empty string (white space collapsed), else None."""
    if not isinstance(text, str):
        return None
    text = " ".join(text.split())
    if not text:
        return None
    return Name(text=text, lang=lang, script=script_of_name(text), source=source, status=status)


def unique_names(names: Iterable[Name | None]) -> tuple[Name, ...]:
    """The names without None and without repeats of the same text, language and status."""
    seen: set[tuple[str, str, str]] = set()
    kept: list[Name] = []
    for name in names:
        if name is None:
            continue
        key = (name.text, name.lang, name.status)
        if key not in seen:
            seen.add(key)
            kept.append(name)
    return tuple(kept)


def first_arabic(names: Iterable[Name]) -> str | None:
    """The first Arabic-language name: the preferred ones are tried before the rest."""
    arabic = [n for n in names if n.lang == "ara" and n.script == "Arab"]
    for name in arabic:
        if name.status == "preferred":
            return name.text
    return arabic[0].text if arabic else None


def settlement_kind(feature_code: str | None, population: int | None) -> str:
    """city / town / village / neighbourhood for a populated place, "locality" when nothing is known."""
    code = (feature_code or "").upper()
    if code in _CITY_CODES:
        return "city"
    if code in _NEIGHBOURHOOD_CODES:
        return "neighbourhood"
    if population is not None and population >= CITY_POPULATION:
        return "city"
    if code in _TOWN_CODES or (population is not None and population >= TOWN_POPULATION):
        return "town"
    if code or population is not None:
        return "village"  # a GeoNames PPL without a population: most of Syria's are villages
    return "locality"


def positive_int(value: object) -> int | None:
    """An int > 0 from a number or numeric string (GeoNames and WOF write 0 for 'unknown')."""
    try:
        number = int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def coordinate(value: object) -> float | None:
    """A float coordinate, or None for missing or unparseable values."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is not a coordinate
