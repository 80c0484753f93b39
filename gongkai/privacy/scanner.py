"""Personal-data scanner of the privacy gate (隐私审查): finds personal data in text before publication.

Pure: no Django, no I/O, no clock. Basis: 条例 Art. 15 (个人隐私 不得公开) and the 双公示 / 行政处罚结果公开
redaction rule (regulations.md §9): hide natural persons' home address, contact details, ID number and bank
account. Check characters come from gongkai.core.identifiers.

Rules chosen here (each one tested in tests/privacy/test_privacy_scanner.py):

- Text is compared after a one-to-one normalisation (full-width ASCII → ASCII, NBSP/ideographic space → space,
  dash variants → "-"), so offsets stay those of the original text and "１３８…" is found too.
- Numbers: a number is a run of digit groups joined by single spaces or hyphens; a digit group is never split,
  so a number inside a longer digit run is not a hit, and a group that is the integer or fraction part of a
  decimal ("3.1415…") is skipped. A candidate is a contiguous window of groups whose shape fits its kind:
  - resident_id (居民身份证号码): 18 characters (GB 11643-1999 check character and a real birth date) written
    as one group, as 6-8-4, or one character per box (18 single digits, as form PDFs extract); or the
    15-digit pre-1999 number (GB 11643-1989: no check digit) when its province code is a mainland one and
    19YYMMDD is a real date. Nothing else can be checked in a 15-digit number, so that is the rule.
  - mobile (手机号码): 1[3-9] + 9 digits as 11, 3-4-4, 3-8 or 7-4, optionally after 86 / 0086 (joined or
    as a group of its own; a "+" before it is left out of the hit).
  - bank_card (银行卡号): 13-19 digits with a valid Luhn digit, written as one group or in groups of 4 (the
    last group 1-4). A valid unified social credit code is an organisation, not a card, so it is skipped.
  When one span fits several kinds, resident_id beats mobile beats bank_card; when candidates overlap, the
  non-overlapping set covering the most characters wins, so a spurious long window cannot hide two real hits.
  If that set leaves part of a dropped reading uncovered, or shows a digit the dropped reading would hide
  ("138 1234 5678 6222 …"), the overlapping group becomes one hit of its strongest kind, wholly masked.
- email (电子邮箱): an ASCII address with a dotted domain and a letter TLD.
- plate (机动车号牌): province abbreviation + issuing-office letter (no I/O) + optional separator + 5
  characters with at least 3 digits (GA 36: at most 2 letters in a serial), or a 6-character new-energy
  serial (D/F + 5, or 5 digits + D/F), or 4 + 挂/学. Upper-case letters only.
- address (详细住址): a dwelling-level tail that a published office address line does not have:
  unit (N单元) with a building, a room or a road/community name; building (N号楼/栋/幢/座) + room;
  a room marked 室/户/房 after a house number (N号) or a road/community name; a building-unit-room dash
  triple (5-2-301) right after a road/community name or house number; or a village group + house number
  (3组12号) after 村/屯/寨/庄. "示例市人民路1号" alone is not a hit. The hit starts at the place words before
  the tail (after labels such as 住址/家住), and is masked after the first road/community name.

- labelled values (issue 11): after 身份证/公民身份号码/身份证号码 an 18-character (17 digits + digit or X) or
  15-digit number is a resident_id whatever its check character, date or region; after a certificate label
  (护照, 港澳通行证, 台胞证, 军官证, 驾驶证, 社会保障号码, 证件号码 …) a number of 6-20 letters and digits is
  a certificate; a landline (固定电话) is an area code (010, 02x, 0xxx) with a separator or brackets and a
  7-8 digit local number starting 2-9, or such a local number (with or without its area code) after a
  phone label.
- person_name: after a role label (举报人, 投诉人, 当事人, 申请人, 法定代表人, 联系人 … ROLE_LABELS), a common
  surname (SURNAMES, COMPOUND_SURNAMES) and given-name characters up to punctuation, a digit, the end or a
  word that follows names (反映, 称, 于 …), 2-4 characters in all. Not a name: an organisation after the
  label (ORGANISATION_WORDS: 公司, 律师事务所, 合作社 … — a legal person), a surname with a title (张工,
  李局长), a pseudonym (张某), and words listed in NOT_NAMES (陈述申辩 …). Masked to the surname's first
  character. Certificates keep their first and last two characters, landlines the area code and the last
  two digits.

Masks: resident_id keeps the first 4 and last 4 (15-digit: last 3) characters, mobile the first 3 and last 4
of the 11 subscriber digits (a country prefix stays), bank_card the first 4 and last 4 digits; separators keep
their place, every other digit or X becomes "*". email keeps the first character of the local part
("a***@example.com"), plate the province, letter and last 2 ("京A·***45"), address the text up to the road.
Redacted text must scan clean, so a mask star counts as part of a number or word at every boundary, and
an end of a number joined by a separator to more digits keeps nothing in clear (its digits could otherwise
start a new number).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from gongkai.core.identifiers import is_valid_credit_code, is_valid_resident_id, luhn_is_valid


class Kind(StrEnum):
    RESIDENT_ID = "resident_id"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"
    EMAIL = "email"
    PLATE = "plate"
    ADDRESS = "address"
    CERTIFICATE = "certificate"
    LANDLINE = "landline"
    PERSON_NAME = "person_name"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.RESIDENT_ID: "居民身份证号码",
    Kind.MOBILE: "手机号码",
    Kind.BANK_CARD: "银行卡号",
    Kind.EMAIL: "电子邮箱",
    Kind.PLATE: "机动车号牌",
    Kind.ADDRESS: "详细住址",
    Kind.CERTIFICATE: "证件号码",
    Kind.LANDLINE: "固定电话",
    Kind.PERSON_NAME: "自然人姓名",
}

# Which kind is reported when one span fits several: a resident ID is never also a bank card.
_PRIORITY = {kind: rank for rank, kind in enumerate(Kind)}


@dataclass(frozen=True)
class Hit:
    kind: Kind
    start: int
    end: int
    value: str = field(repr=False)  # unmasked: keep it out of logs and reprs
    masked: str
    line: int
    column: int

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def location(self) -> str:
        return f"第{self.line}行第{self.column}字"


# --- normalisation ---
# One character to one character, so offsets in the normalised text are offsets in the original.
_NORMALIZE: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NORMALIZE.update(dict.fromkeys((0x00A0, 0x2007, 0x202F, 0x3000), ord(" ")))
_NORMALIZE.update(dict.fromkeys((0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63), ord("-")))

_DIGITS = "0123456789"


def normalize(text: str) -> str:
    return text.translate(_NORMALIZE)


# --- numbers ---
# A digit group may end in the check character X, which stands alone when an ID is written one digit per box.
_GROUP = r"(?:[0-9]+(?:[Xx](?![0-9A-Za-z*]))?|(?<=[0-9][ \-])[Xx](?![0-9A-Za-z*]))"
_GROUP_RE = re.compile(_GROUP)
# Not after a digit (nor a mask star) nor after "digit." (the fraction of a decimal); groups joined by one
# space or hyphen.
_NUMBER_CHAIN = re.compile(rf"(?<![0-9*])(?<![0-9]\.){_GROUP}(?:[ \-]{_GROUP})*")

_MAX_WINDOW_GROUPS = 18  # an ID written one digit per box
_MAX_WINDOW_DIGITS = 19  # longest bank card (ISO/IEC 7812-1)
_MIN_NUMBER_DIGITS = 11  # a mobile number

_RESIDENT_ID_SHAPES = {(18,), (6, 8, 4), (1,) * 18}
_OLD_RESIDENT_ID_SHAPES = {(15,), (6, 6, 3)}
_MOBILE_SHAPES = {(11,), (3, 4, 4), (3, 8), (7, 4)}
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_COUNTRY_PREFIXES = ("86", "0086")

# GB/T 2260 province-level codes of the mainland by region (华北, 东北, 华东, 中南, 西南, 西北); 15-digit
# numbers were only issued there.
_PROVINCE_CODE_RANGES = ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65))
_MAINLAND_PROVINCE_CODES = frozenset(
    str(code) for first, last in _PROVINCE_CODE_RANGES for code in range(first, last + 1)
)


def is_valid_old_resident_id(digits: str) -> bool:
    """15-digit 居民身份证号码 (GB 11643-1989): 6-digit region, YYMMDD in the 1900s, 3-digit sequence."""
    if len(digits) != 15 or not digits.isdigit() or digits[:2] not in _MAINLAND_PROVINCE_CODES:
        return False
    try:
        date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    except ValueError:
        return False
    return True


def _is_card_shape(shape: tuple[int, ...]) -> bool:
    if len(shape) == 1:
        return True
    return len(shape) >= 4 and all(size == 4 for size in shape[:-1]) and 1 <= shape[-1] <= 4


def _is_bank_card(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and luhn_is_valid(digits) and not is_valid_credit_code(digits)


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    chars: str  # digits, possibly ending in X


@dataclass(frozen=True)
class _Candidate:
    kind: Kind
    start: int
    end: int
    masked: str
    shown: frozenset[int]  # offsets of the characters its kind's mask may leave in clear


def _number_candidates(text: str, norm: str) -> Iterator[_Candidate]:
    for chain in _NUMBER_CHAIN.finditer(norm):
        if chain.end() - chain.start() < _MIN_NUMBER_DIGITS:
            continue  # most numbers in a document: too short to be any kind
        groups = [
            _Group(m.start(), m.end(), m.group().upper())
            for m in _GROUP_RE.finditer(norm, chain.start(), chain.end())
        ]
        if re.match(r"\.[0-9]", norm[chain.end() : chain.end() + 2]):
            groups.pop()  # the integer part of a decimal
        yield from _window_candidates(text, norm, groups)


def _window_candidates(text: str, norm: str, groups: list[_Group]) -> Iterator[_Candidate]:
    for first in range(len(groups)):
        compact = ""
        for last in range(first, min(len(groups), first + _MAX_WINDOW_GROUPS)):
            if last > first and groups[last - 1].chars.endswith("X"):
                break  # X only ends a resident ID
            compact += groups[last].chars
            if len(compact) > _MAX_WINDOW_DIGITS:
                break
            window = groups[first : last + 1]
            shape = tuple(len(group.chars) for group in window)
            start, end = window[0].start, window[-1].end
            if shape in _RESIDENT_ID_SHAPES and is_valid_resident_id(compact):
                yield _Candidate(Kind.RESIDENT_ID, start, end, *_mask_number(text, norm, start, end, 4, 4))
            if compact.endswith("X"):
                continue
            if shape in _OLD_RESIDENT_ID_SHAPES and is_valid_old_resident_id(compact):
                yield _Candidate(Kind.RESIDENT_ID, start, end, *_mask_number(text, norm, start, end, 4, 3))
            mobile = _mobile_candidate(text, norm, window, shape, compact)
            if mobile:
                yield mobile
            if _is_card_shape(shape) and _is_bank_card(compact):
                yield _Candidate(Kind.BANK_CARD, start, end, *_mask_number(text, norm, start, end, 4, 4))


def _mobile_candidate(
    text: str, norm: str, window: list[_Group], shape: tuple[int, ...], compact: str
) -> _Candidate | None:
    prefix = ""
    if len(window) > 1 and window[0].chars in _COUNTRY_PREFIXES and shape[1:] in _MOBILE_SHAPES:
        prefix = window[0].chars
    elif len(window) == 1 and shape not in _MOBILE_SHAPES:
        prefix = next(
            (p for p in _COUNTRY_PREFIXES if len(compact) == len(p) + 11 and compact.startswith(p)), ""
        )
        if not prefix:
            return None
    elif shape not in _MOBILE_SHAPES:
        return None
    if not _MOBILE.fullmatch(compact[len(prefix) :]):
        return None
    start, end = window[0].start, window[-1].end
    return _Candidate(Kind.MOBILE, start, end, *_mask_number(text, norm, start, end, len(prefix) + 3, 4))


def _mask_number(
    text: str, norm: str, start: int, end: int, head: int, tail: int
) -> tuple[str, frozenset[int]]:
    """Keep the first `head` and last `tail` digits (or X); the others become "*", separators stay.

    An end joined by a separator to more digits shows nothing: "…7894 1234 5678" would otherwise offer
    its kept digits to a new, different number when the redacted text is read again."""
    original, normal = text[start:end], norm[start:end]
    positions = [i for i, char in enumerate(normal) if char in _DIGITS or char in "Xx"]
    allowed = set(positions[:head]) | set(positions[len(positions) - tail :])
    visible = set(allowed)
    if _joined_before(norm, start):
        visible -= set(positions[:head])
    if _joined_after(norm, end):
        visible -= set(positions[len(positions) - tail :])
    hidden = set(positions) - visible
    masked = "".join("*" if i in hidden else char for i, char in enumerate(original))
    return masked, frozenset(start + i for i in allowed)


def _joined_before(norm: str, start: int) -> bool:
    return start >= 2 and norm[start - 1] in " -" and norm[start - 2] in "0123456789Xx"


def _joined_after(norm: str, end: int) -> bool:
    return norm[end : end + 1] in (" ", "-") and norm[end + 1 : end + 2] in tuple(_DIGITS)


# --- e-mail and plates ---
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-@*])"
    r"(?P<local>[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?)"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
    r"(?![A-Za-z0-9\-@*])"
)


def _email_candidates(text: str, norm: str) -> Iterator[_Candidate]:
    for match in _EMAIL.finditer(norm):
        local = match.group("local")
        domain = text[match.end("local") + 1 : match.end()]
        # The first character stays unless the local part is one character or joined to a number before it.
        shown = text[match.start()] if len(local) > 1 and not _joined_before(norm, match.start()) else ""
        in_clear = frozenset(range(match.end("local"), match.end())) | {match.start()}
        yield _Candidate(Kind.EMAIL, match.start(), match.end(), f"{shown}***@{domain}", in_clear)


PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_CHAR = "[A-HJ-NP-Z0-9]"  # GA 36: letters I and O are not used
_PLATE = re.compile(
    rf"(?P<province>[{PLATE_PROVINCES}])(?P<office>[A-HJ-NP-Z])[·•・∙⋅‧.\- ]?"
    rf"(?P<serial>[DF]{_PLATE_CHAR}[0-9]{{4}}|[0-9]{{5}}[DF]|{_PLATE_CHAR}{{5}}|{_PLATE_CHAR}{{4}}[挂学])"
    r"(?![A-Za-z0-9*])"
)


def _plate_candidates(text: str, norm: str) -> Iterator[_Candidate]:
    for match in _PLATE.finditer(norm):
        serial = match.group("serial")
        if len(serial) == 5 and serial[-1] not in "挂学" and sum(char in _DIGITS for char in serial) < 3:
            continue
        shown = text[match.start("serial") : match.end()]
        masked = f"{match.group('province')}{match.group('office')}·{'*' * (len(serial) - 2)}{shown[-2:]}"
        in_clear = frozenset((match.start(), match.start() + 1, match.end() - 2, match.end() - 1))
        yield _Candidate(Kind.PLATE, match.start(), match.end(), masked, in_clear)


# --- addresses ---
_NUM = r"(?:[0-9]{1,4}|[一二三四五六七八九十]{1,3}|[A-Za-z])"
# A tail starts a word: not inside a number or a mask, nor right after a number and a separator.
_TAIL_START = r"(?<![0-9A-Za-z*])(?<![0-9*][ \-])"
_ROOM = (
    r"(?P<room>[0-9]{1,5}(?P<mark>室(?![0-9一二三四五六七八九十两]?厅)|户|房|号(?!楼))"
    r"|[0-9]{3,4}(?![0-9*年月日时分秒米元万亿个人台套次吨%.]|[ \-][0-9*]))"
)
_DWELLING = re.compile(
    rf"{_TAIL_START}(?=[0-9A-Za-z一二三四五六七八九十])"
    r"(?:(?P<house>[0-9]{1,5}(?:-[0-9]{1,5})?号(?!楼)院?) ?)?"
    rf"(?:(?P<building>{_NUM}(?:号楼|栋|幢|座)) ?)?"
    rf"(?:(?P<unit>{_NUM}单元) ?)?"
    rf"(?:{_NUM}[楼层] ?)?"
    rf"(?:{_ROOM})?"
)
_DASH_DWELLING = re.compile(
    rf"{_TAIL_START}(?<!-)(?:(?P<house>[0-9]{{1,5}}号(?!楼)院?) ?)?"
    r"[0-9]{1,4}-[0-9]{1,3}-[0-9]{1,5}(?:室|户|号)?(?![0-9*\-])"
)
_VILLAGE_DWELLING = re.compile(rf"{_TAIL_START}{_NUM}[组队] ?[0-9]{{1,5}}号(?![楼0-9])")

# Road and residential-community words; 街道 is a sub-district, not a street.
_ROAD_WORDS = r"(?:大道|路|街(?!道)|巷|弄|胡同|小区|花园|家园|新村|社区|公寓|山庄|宿舍|大院|[村屯寨苑])"
_ROAD = re.compile(_ROAD_WORDS)
_ROAD_AT_END = re.compile(rf"{_ROAD_WORDS}$")
_VILLAGE = re.compile(r"[村屯寨庄]")
_PLACE_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff0-9A-Za-z#()\-]")
# Words that end a label or a verb before the address ("住址：", "家住"), so the hit starts at the place name.
_ADDRESS_LABELS = (
    "住址", "地址", "住所", "家住", "现住", "居住地", "居住于", "居住在", "居住", "住在", "户籍所在地",
    "户籍地", "户籍", "所在地", "位于", "在", "于", "为", "是", "至", "到",
)  # fmt: skip
_MAX_PLACE_CHARS = 40
_MAX_PLACE_DIGITS = 5  # a longer digit run is a number, not part of a place name


def _address_candidates(text: str, norm: str, taken: list[_Candidate]) -> list[_Candidate]:
    blocked = bytearray(len(norm))
    _block(blocked, [(hit.start, hit.end) for hit in taken])
    tails = [
        *((m, "dwelling") for m in _DWELLING.finditer(norm) if m.end() > m.start()),
        *((m, "dash") for m in _DASH_DWELLING.finditer(norm)),
        *((m, "village") for m in _VILLAGE_DWELLING.finditer(norm)),
    ]
    found = []
    for m, form in tails:
        if not _has_dwelling_level(m, form) or any(blocked[m.start() : m.end()]):
            continue
        start = _place_start(norm, m.start(), blocked)
        if _is_dwelling(m, form, norm[start : m.start()]):
            found.append((m, form, start))
    # Place words stop at another address's tail, so two addresses in one sentence stay two hits; if the
    # shorter place no longer qualifies, the wide one is kept and the selection settles the overlap.
    _block(blocked, [(m.start(), m.end()) for m, _, _ in found])
    candidates = []
    for m, form, wide_start in found:
        start = _place_start(norm, m.start(), blocked)
        if not _is_dwelling(m, form, norm[start : m.start()]):
            start = wide_start
        road = _ROAD.search(norm, start, m.start())
        keep = (road.end() if road else m.start()) - start
        value = text[start : m.end()]
        masked = value[:keep] + "*" * (len(value) - keep)
        candidates.append(
            _Candidate(Kind.ADDRESS, start, m.end(), masked, frozenset(range(start, start + keep)))
        )
    return candidates


def _block(blocked: bytearray, spans: list[tuple[int, int]]) -> None:
    for start, end in spans:
        blocked[start:end] = b"\x01" * (end - start)


def _place_start(norm: str, tail_start: int, blocked: bytearray) -> int:
    start = tail_start
    while start > 0 and tail_start - start < _MAX_PLACE_CHARS and not blocked[start - 1]:
        if norm[start - 1] in _DIGITS:
            run_start = start - 1
            while run_start > 0 and norm[run_start - 1] in _DIGITS:
                run_start -= 1
            if start - run_start > _MAX_PLACE_DIGITS or any(blocked[run_start:start]):
                break
            start = run_start
        elif _PLACE_CHAR.match(norm[start - 1]):
            start -= 1
        else:
            break
    place = norm[start:tail_start]
    label_end = max(
        (place.rfind(label) + len(label) for label in _ADDRESS_LABELS if label in place), default=0
    )
    return start + label_end


def _has_dwelling_level(m: re.Match[str], form: str) -> bool:
    """Whether the tail can be a dwelling at all, whatever the place words before it."""
    return form != "dwelling" or bool(
        m.group("unit") or m.group("building") or m.group("mark") in ("室", "户", "房")
    )


def _is_dwelling(m: re.Match[str], form: str, place: str) -> bool:
    road = _ROAD.search(place) is not None
    if form == "dash":
        return bool(m.group("house")) or _ROAD_AT_END.search(place) is not None
    if form == "village":
        return _VILLAGE.search(place) is not None
    has_room = bool(m.group("room"))
    if m.group("unit"):
        return bool(m.group("building")) or has_room or road
    if m.group("building"):
        return has_room
    return m.group("mark") in ("室", "户", "房") and (bool(m.group("house")) or road)


# --- labelled values: after a label, a value is personal data whatever its check digit ---
# One label, an optional colon and spaces, an optional 为/是; the value must start right there.
_AFTER = r"[ \t]*[:]?[ \t]*(?:为|是)?[ \t]*"
_ID_LABELS = r"(?:公民身份号码|公民身份证号码|居民身份证号码|居民身份证号|身份证号码|身份证号|身份证)"
_LABELLED_ID = re.compile(
    rf"{_ID_LABELS}{_AFTER}(?P<value>(?<![0-9A-Za-z*])(?:[0-9]{{17}}[0-9X]|[0-9]{{15}})(?![0-9A-Za-z*]))"
)
_CERTIFICATE_LABELS = (
    r"(?:港澳居民来往内地通行证|台湾居民来往大陆通行证|往来港澳通行证|港澳通行证|台胞证|回乡证|"
    r"外国人永久居留身份证|永久居留证|护照号码|护照号|护照|军官证号|军官证|士兵证|驾驶证号|驾驶证|"
    r"社会保障号码|社保号|证件号码|证件号|证号)"
)
_LABELLED_CERTIFICATE = re.compile(
    rf"{_CERTIFICATE_LABELS}{_AFTER}"
    r"(?P<value>(?<![0-9A-Za-z*])[A-Z]{0,2}[0-9]{6,18}[0-9A-Z]?(?![0-9A-Za-z*]))"
)
# Landlines (固定电话): an area code (0 + 2 or 3 digits: 010, 02x, 0xxx) and a local number of 7 or 8
# digits that starts 2-9 (local numbers never start 0 or 1). With the area code it needs a separator
# or brackets; with neither, only after a phone label.
_PHONE_LABELS = r"(?:联系电话|电话号码|办公电话|固定电话|住宅电话|家庭电话|座机|固话|电话|Tel|TEL|tel)"
_LANDLINE_WITH_AREA = re.compile(
    r"(?<![0-9A-Za-z*])(?P<area>\(0[1-9][0-9]{1,2}\) ?|0[1-9][0-9]{1,2}[ \-])"
    r"(?P<local>[2-9][0-9]{6,7})(?![0-9*]|[ \-][0-9])"
)
_LANDLINE_LABELLED = re.compile(
    rf"{_PHONE_LABELS}{_AFTER}(?P<value>(?<![0-9*])(?P<area>0[1-9][0-9]{{1,2}})?(?P<local>[2-9][0-9]{{6,7}})"
    r"(?![0-9*]|[ \-][0-9]))"
)


def _labelled_number_candidates(text: str, norm: str) -> Iterator[_Candidate]:
    for match in _LABELLED_ID.finditer(norm):
        start, end = match.span("value")
        tail = 4 if end - start == 18 else 3
        yield _Candidate(Kind.RESIDENT_ID, start, end, *_mask_number(text, norm, start, end, 4, tail))
    for match in _LABELLED_CERTIFICATE.finditer(norm):
        start, end = match.span("value")
        value = text[start:end]
        masked = value[0] + "*" * (len(value) - 3) + value[-2:]
        shown = frozenset((start, end - 2, end - 1))
        yield _Candidate(Kind.CERTIFICATE, start, end, masked, shown)
    for match in _LANDLINE_WITH_AREA.finditer(norm):
        yield _landline(text, match.start(), match.end("area"), match.end())
    for match in _LANDLINE_LABELLED.finditer(norm):
        area_end = match.end("area") if match.group("area") else match.start("value")
        yield _landline(text, match.start("value"), area_end, match.end())


def _landline(text: str, start: int, local_start: int, end: int) -> _Candidate:
    """The area code stays, the local number shows its last two digits."""
    local = text[local_start:end]
    masked = text[start:local_start] + "*" * (len(local) - 2) + local[-2:]
    shown = frozenset([*range(start, local_start), end - 2, end - 1])
    return _Candidate(Kind.LANDLINE, start, end, masked, shown)


# --- names of natural persons after role labels ---
# 行政处罚/信访/依申请 documents name people after their role. Which role labels, and which surnames
# make the following characters a name, are tables here; an organisation (a legal person) after the
# label is not a person and is not reported.
ROLE_LABELS = (
    "被申请人", "申请人", "举报人", "投诉人", "被投诉人", "被举报人", "当事人", "法定代表人", "负责人",
    "联系人", "委托代理人", "代理人", "受害人", "证人", "监护人", "信访人", "反映人", "来信人", "来电人",
    "户主", "经营者", "被检查人", "被处罚人", "被询问人", "律师", "姓名",
)  # fmt: skip
# Common single-character surnames (covering the large majority of the population) and compound ones.
# 于, 向 and 自 are left out: far more often prepositions right after a role label ("申请人于…").
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯"
    "纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉"
    "缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇"
    "桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐",
    "夏侯", "端木", "独孤",
)  # fmt: skip
# Words after a role label that start with a surname character but are not names ("当事人陈述申辩").
NOT_NAMES = (
    "陈述", "申辩", "高度", "方面", "方式", "方可", "常住", "安全", "明确", "金额", "严重", "严格", "成立",
    "应当", "应该", "应在", "余额", "周边", "路面", "毕业", "单位", "和解", "全部", "全体", "管理", "连续",
    "华侨", "时间", "时限", "车辆", "关于", "签字", "宁可", "包括", "项目", "任何", "章程", "吉祥",
)  # fmt: skip
# A surname and a title ("联系人：张工", "李局长") is how an office publishes a contact without a name.
TITLES = (
    "工", "总", "老师", "局长", "副局长", "主任", "科长", "处长", "股长", "站长", "所长", "队长", "经理",
    "师傅", "同志", "先生", "女士", "小姐", "老", "某",
)  # fmt: skip
# What may follow a name: these words, punctuation, a digit, a space, or the end of the text.
_AFTER_NAME_WORDS = (
    "反映", "称", "于", "在", "向", "对", "的", "等", "因", "来电", "来信", "举报", "投诉", "系", "是",
    "与", "和", "及", "同志", "先生", "女士", "身份", "性别", "男", "女", "出生", "住", "家住", "现住",
    "电话", "联系", "申请", "提出", "认为", "要求", "已", "未", "不", "经", "所", "被", "将", "从",
    "自", "到", "按", "通过", "涉嫌", "违反", "一案", "签", "本人", "之", "户籍", "年", "民族", "汉族",
)  # fmt: skip
_NAME_BOUNDARY = re.compile(r"[\s,.;:!?()\[\]\"'、，。；：！？（）【】《》“”‘’0-9*]")
# Words of an organisation's name: after a role label they make it a legal person, not a person.
ORGANISATION_WORDS = (
    "公司", "有限", "集团", "事务所", "律师所", "合作社", "中心", "协会", "学会", "研究院", "研究所",
    "医院", "学校", "大学", "学院", "委员会", "政府", "银行", "超市", "酒店", "宾馆", "门市", "经营部",
    "养殖场", "农场", "工厂", "加工厂", "厂", "商行", "商店", "店", "分局", "局", "站", "处", "办公室",
    "个体工商户", "企业", "单位", "机关", "村民委员会", "居委会", "联合社", "基金会",
)  # fmt: skip
_ROLE = re.compile(
    "(?:" + "|".join(sorted(ROLE_LABELS, key=len, reverse=True)) + r")[ \t]*[:]?[ \t]*(?:为|是)?[ \t]*"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_NAME_CHARS = 4


def _name_candidates(text: str, norm: str) -> Iterator[_Candidate]:
    for match in _ROLE.finditer(norm):
        start = match.end()
        if start == match.start() or _organisation_follows(norm, start):
            continue
        length = _name_length(norm, start)
        if length:
            end = start + length
            yield _Candidate(
                Kind.PERSON_NAME, start, end, text[start] + "*" * (length - 1), frozenset((start,))
            )


def _organisation_follows(norm: str, start: int) -> bool:
    run = re.match(r"[\u4e00-\u9fff0-9A-Za-z（）()]{0,40}", norm[start:]).group()
    return any(word in run for word in ORGANISATION_WORDS)


def _name_length(norm: str, start: int) -> int:
    """The length of the name starting at `start` (a surname, then given-name characters up to a
    boundary), or 0 when the characters there do not read as a name."""
    surname = 2 if norm[start : start + 2] in COMPOUND_SURNAMES else 1
    if surname == 1 and norm[start : start + 1] not in SURNAMES:
        return 0
    if norm.startswith(NOT_NAMES, start) or norm.startswith(TITLES, start + surname):
        return 0
    for length in range(max(2, surname + 1), _MAX_NAME_CHARS + 1):
        name = norm[start : start + length]
        if len(name) < length or not all(_CJK.match(char) for char in name) or "某" in name:
            return 0
        rest = norm[start + length :]
        if not rest or _NAME_BOUNDARY.match(rest) or rest.startswith(_AFTER_NAME_WORDS):
            return length
    return 0


# --- selection and public API ---
def _select(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop same-span duplicates by priority, then keep the non-overlapping set covering most characters."""
    best: dict[tuple[int, int], _Candidate] = {}
    for candidate in candidates:
        key = (candidate.start, candidate.end)
        if key not in best or _PRIORITY[candidate.kind] < _PRIORITY[best[key].kind]:
            best[key] = candidate
    items = sorted(best.values(), key=lambda c: (c.end, c.start, _PRIORITY[c.kind]))
    ends = [item.end for item in items]
    score = [0] * (len(items) + 1)
    previous = [0] * (len(items) + 1)
    for k, item in enumerate(items, start=1):
        previous[k] = bisect_right(ends, item.start, 0, k - 1)
        score[k] = max(score[k - 1], score[previous[k]] + item.end - item.start)
    chosen = []
    k = len(items)
    while k > 0:
        item = items[k - 1]
        if score[k] == score[previous[k]] + item.end - item.start:
            chosen.append(item)
            k = previous[k]
        else:
            k -= 1
    return _close_gaps(text, items, sorted(chosen, key=lambda c: c.start))


def _close_gaps(text: str, items: list[_Candidate], chosen: list[_Candidate]) -> list[_Candidate]:
    """Keep the chosen hits of a group of overlapping candidates only if they cover the whole group and show
    nothing that a dropped reading would hide ("138 1234 5678 6222 …" read two ways, a number inside an
    e-mail domain). Otherwise report the group as one hit of its strongest kind, wholly hidden."""
    chosen_set = set(chosen)
    result = []
    for group in _overlapping_groups(items):
        inside = [c for c in group if c in chosen_set]
        start, end = group[0].start, max(c.end for c in group)
        in_clear = frozenset().union(*(c.shown for c in inside))  # what the chosen masks may show
        covered = sum(c.end - c.start for c in inside) == end - start
        if covered and all(in_clear & set(range(c.start, c.end)) <= c.shown for c in group):
            result += inside
        else:
            kind = min((c.kind for c in group), key=_PRIORITY.__getitem__)
            result.append(_Candidate(kind, start, end, _hide(text[start:end]), frozenset()))
    return result


def _overlapping_groups(items: list[_Candidate]) -> list[list[_Candidate]]:
    groups: list[list[_Candidate]] = []
    group_end = -1
    for candidate in sorted(items, key=lambda c: (c.start, c.end)):
        if groups and candidate.start < group_end:
            groups[-1].append(candidate)
            group_end = max(group_end, candidate.end)
        else:
            groups.append([candidate])
            group_end = candidate.end
    return groups


def _hide(text: str) -> str:
    return "".join("*" if char.isalnum() else char for char in text)


def scan_text(text: str) -> list[Hit]:
    """All personal data in `text`, in order, without overlaps."""
    norm = normalize(text)
    numbers = _select(
        text,
        [
            *_number_candidates(text, norm),
            *_labelled_number_candidates(text, norm),
            *_email_candidates(text, norm),
            *_plate_candidates(text, norm),
            *_name_candidates(text, norm),
        ],
    )
    addresses = _select(text, _address_candidates(text, norm, numbers))
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
    hits = []
    for candidate in sorted([*numbers, *addresses], key=lambda c: c.start):
        line = bisect_right(line_starts, candidate.start)
        hits.append(
            Hit(
                kind=candidate.kind,
                start=candidate.start,
                end=candidate.end,
                value=text[candidate.start : candidate.end],
                masked=candidate.masked,
                line=line,
                column=candidate.start - line_starts[line - 1] + 1,
            )
        )
    return hits


def redact_text(text: str, hits: list[Hit]) -> str:
    """Replace every hit by its masked form. Hits must come from scanning this very text."""
    parts = []
    position = 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < position:
            raise ValueError("hits overlap")
        if text[hit.start : hit.end] != hit.value:
            raise ValueError("hit does not match the text")
        parts += [text[position : hit.start], hit.masked]
        position = hit.end
    parts.append(text[position:])
    return "".join(parts)
