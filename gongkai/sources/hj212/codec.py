"""HJ 212-2017 packets (通讯包): framing, CRC, parsing, encoding, replies, split-packet reassembly.

Pure: no Django, no I/O, no clock. Rules and where they come from (shared/domain/standards.md §5):

- §6.3.1 packet = ``##`` + 4-digit decimal data-segment length + data segment + CRC + ``\\r\\n``;
  the length counts the UTF-8 bytes of the data segment, which is 0…1024 bytes long (Table 1).
- Appendix A CRC: register 0xFFFF; per byte ``reg = (reg >> 8) ^ byte`` then eight shifts with
  0xA001 — NOT the Modbus CRC (which XORs the byte into the low half). Printed as 4 hex digits;
  devices send lower case too, so the comparison ignores case.
- §6.3.2 / Table 3 data segment ``QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;PNUM=…;PNO=…;CP=&&…&&``:
  QN 17 digits ``YYYYMMDDhhmmsszzz``; ST 2 characters (Table 5); CN 4 digits (Table 9); PW and MN
  at most 6 and 24 characters in the standard — real devices send longer passwords, so PW is
  only limited by the packet; Flag 0…255 with bits V5…V0 D A (A = reply wanted, D = the packet
  carries PNUM/PNO, version 000001 = HJ 212-2017, 000000 = HJ/T 212-2005).
- §6.3.3 CP: ``name=value``; fields of one item joined by ``,``; items by ``;``. A name with a
  hyphen is a pollutant field ``code-suffix`` (Table 4 suffixes: Rtd, Avg, Flag …).
- HJ/T 212-2005 packets (no QN, no Flag, short pollutant codes) are accepted; their codes are
  mapped to the 2017 codes of Appendix B (``tables.OLD_CODES``) in ``normalized_codes``.

Every reject is a ``Hj212Error`` with a stable ``code`` (metrics, storage) and a Chinese ``message``.
Nothing else escapes the decoder (tested with hypothesis)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from gongkai.core.labelled import gettext_noop
from gongkai.sources.hj212.tables import DATA_FLAGS, NUMERIC_SUFFIXES, OLD_CODES, POLLUTANTS

HEADER = b"##"
TRAILER = b"\r\n"
LENGTH_DIGITS = 4
CRC_DIGITS = 4
MAX_DATA_LENGTH = 1024  # Table 1: data segment 0…1024 characters
OVERHEAD = len(HEADER) + LENGTH_DIGITS + CRC_DIGITS + len(TRAILER)
MAX_FRAME_LENGTH = MAX_DATA_LENGTH + OVERHEAD

HEADER_FIELDS = ("QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO")
REQUIRED_FIELDS = ("ST", "CN", "PW", "MN")
MN_MAX = 24  # Table 3: "MN=" + 24 characters
FLAG_ACK = 0b01  # bit A: the receiver must reply
FLAG_SPLIT = 0b10  # bit D: the packet is one of PNUM parts
VERSION_2005 = 0
VERSION_2017 = 1
TIME_FIELDS = ("DataTime", "BeginTime", "EndTime", "SystemTime", "RestartTime")

# An empty numeric value is accepted (a logger reporting a faulty instrument sends "xxx-Rtd=,xxx-Flag=D");
# anything else that is not a decimal number is refused.
# Stable reject codes and their Chinese reasons (the second part of a message names the detail).
REASONS: dict[str, str] = {
    "header": gettext_noop("包头错误，应以“##”开头"),
    "garbage": gettext_noop("包头前有无效数据"),
    "length_field": gettext_noop("数据段长度应为4位十进制数字"),
    "too_long": gettext_noop("数据段超过1024字节"),
    "length_mismatch": gettext_noop("数据段长度与声明不符"),
    "trailer": gettext_noop("包尾应为回车换行"),
    "crc": gettext_noop("CRC校验错误"),
    "encoding": gettext_noop("数据段不是有效的UTF-8文本"),
    "control_char": gettext_noop("数据段含有控制字符"),
    "format": gettext_noop("数据段格式错误"),
    "unknown_field": gettext_noop("未知的数据段字段"),
    "duplicate_field": gettext_noop("字段重复"),
    "missing_field": gettext_noop("缺少必填字段"),
    "qn": gettext_noop("请求编码QN应为17位时间戳YYYYMMDDhhmmsszzz"),
    "st": gettext_noop("系统编码ST应为2位字母或数字"),
    "cn": gettext_noop("命令编码CN应为4位数字"),
    "pw": gettext_noop("访问密码PW不能为空"),
    "mn": gettext_noop("设备唯一标识MN应为1至24位字母、数字"),
    "flag": gettext_noop("拆分包及应答标志Flag应为0至255的整数"),
    "split": gettext_noop("总包数PNUM或包号PNO错误"),
    "cp": gettext_noop("指令参数CP应为“CP=&&…&&”"),
    "cp_field": gettext_noop("指令参数CP中的字段格式错误"),
    "value": gettext_noop("监测值不是有效数字"),
    "time": gettext_noop("时间应为14位YYYYMMDDhhmmss"),
    # Raised by the receiver, not the codec; listed here so every reason has one table.
    "unknown_mn": gettext_noop("未登记的设备MN"),
    "password": gettext_noop("访问密码PW错误"),
    "no_data_time": gettext_noop("数据上传缺少数据时间DataTime"),
    "reassembly": gettext_noop("拆分包重组失败"),
    "storage": gettext_noop("数据入库失败"),
}


class Hj212Error(ValueError):
    """A packet the codec refuses: ``code`` is one of REASONS, ``message`` is Chinese."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.detail = detail
        self.message = REASONS[code] + (f"：{detail}" if detail else "")
        super().__init__(self.message)


def crc16_bitwise(data: bytes) -> int:
    """HJ 212-2017 Appendix A CRC over ``data`` (the data segment only), as the standard writes it."""
    register = 0xFFFF
    for byte in data:
        register = (register >> 8) ^ byte
        for _ in range(8):
            lsb = register & 1
            register >>= 1
            if lsb:
                register ^= 0xA001
    return register


def _shifted(value: int) -> int:
    for _ in range(8):
        value = (value >> 1) ^ 0xA001 if value & 1 else value >> 1
    return value


# After ``reg = (reg >> 8) ^ byte`` the register holds 8 bits only, so the eight shifts that follow
# are a function of one byte: a 256-entry table gives the same CRC with one lookup per byte.
_TABLE = tuple(_shifted(value) for value in range(256))


def crc16_table(data: bytes) -> int:
    """HJ 212-2017 Appendix A CRC, table form of ``crc16_bitwise`` (one lookup per byte)."""
    register = 0xFFFF
    table = _TABLE
    for byte in data:
        register = table[(register >> 8) ^ byte]
    return register


# Faster still, without a Python loop over the bytes. Only the high byte of the register survives
# a step, so the table index g evolves as g_i = b_i ^ M(g_(i-1)) with M(x) = _TABLE[x] >> 8, a
# GF(2)-linear map of order 8 (M^8 = identity, checked below). Hence
# g_n = XOR_c M^c(X_c) ^ M^((n-1) mod 8)(0xFF), X_c = XOR of the bytes b_i with (n - i) mod 8 = c,
# and CRC = _TABLE[g_n]. X_0 … X_7 are the bytes of the XOR of all 8-byte words of the data
# (left-padded with zeros to a multiple of 8), which C-level big-integer operations compute.
def _power_tables() -> tuple[tuple[int, ...], ...]:
    tables = [tuple(range(256))]
    for _ in range(8):
        tables.append(tuple(_TABLE[tables[-1][x]] >> 8 for x in range(256)))
    if tables[8] != tables[0]:  # pragma: no cover - a property of the Appendix A polynomial
        raise AssertionError("M^8 is not the identity")
    return tuple(tables[:8])


_POWERS = _power_tables()
_START = tuple(_POWERS[c][0xFF] for c in range(8))


def crc16(data: bytes) -> int:
    """HJ 212-2017 Appendix A CRC over ``data`` (equal to ``crc16_bitwise``; tested)."""
    length = len(data)
    if not length:
        return 0xFFFF
    words = int.from_bytes(data, "big")
    width = (length + 7) // 8  # 8-byte words
    while width > 1:
        half = (width + 1) // 2
        shift = half * 64
        words = (words >> shift) ^ (words & ((1 << shift) - 1))
        width = half
    powers = _POWERS
    index = _START[(length - 1) & 7]
    for c in range(8):
        index ^= powers[c][(words >> (8 * c)) & 0xFF]
    return _TABLE[index]


def crc_text(data: bytes) -> str:
    return f"{crc16(data):04X}"


def frame(segment: str) -> bytes:
    """The packet carrying ``segment``: header, length, segment, CRC, CRLF."""
    body = segment.encode("utf-8")
    if len(body) > MAX_DATA_LENGTH:
        raise Hj212Error("too_long", f"{len(body)}字节")
    return b"%s%04d%s%s%s" % (HEADER, len(body), body, crc_text(body).encode("ascii"), TRAILER)


# ---------------------------------------------------------------------------- one packet
_DIGITS4 = re.compile(rb"[0-9]{4}")
_HEX4 = re.compile(rb"[0-9A-Fa-f]{4}")


def unframe(packet: bytes | str, *, require_trailer: bool = False) -> str:
    """The data segment of one packet (a line: the trailing CRLF is optional unless required).

    The length is checked against the bytes between the length field and the CRC, so a packet
    whose declared length is wrong is refused with both numbers."""
    raw = packet.encode("utf-8") if isinstance(packet, str) else bytes(packet)
    if raw.endswith(TRAILER):
        raw = raw[: -len(TRAILER)]
    elif require_trailer:
        raise Hj212Error("trailer")
    elif raw.endswith(b"\n"):
        raw = raw[:-1]
    if not raw.startswith(HEADER):
        raise Hj212Error("header")
    length_field = raw[2:6]
    if not _DIGITS4.fullmatch(length_field):
        raise Hj212Error("length_field", repr(length_field.decode("latin-1")))
    declared = int(length_field)
    if len(raw) < OVERHEAD - len(TRAILER):
        raise Hj212Error("length_mismatch", f"声明{declared}字节，报文过短")
    body, crc = raw[6:-CRC_DIGITS], raw[-CRC_DIGITS:]
    if declared > MAX_DATA_LENGTH:
        raise Hj212Error("too_long", f"声明{declared}字节")
    if len(body) != declared:
        raise Hj212Error("length_mismatch", f"声明{declared}字节，实际{len(body)}字节")
    if not _HEX4.fullmatch(crc):
        raise Hj212Error("crc", f"校验码“{crc.decode('latin-1')}”不是4位十六进制数")
    expected = crc_text(body)
    if crc.decode("ascii").upper() != expected:
        raise Hj212Error("crc", f"报文为{crc.decode('ascii')}，计算值为{expected}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Hj212Error("encoding") from error


# ---------------------------------------------------------------------------- the data segment
@dataclass(frozen=True)
class Packet:
    """One parsed data segment. Values are the strings as sent; ``values`` is keyed by the
    pollutant code as sent, each an object of its fields without the code prefix."""

    st: str
    cn: str
    pw: str
    mn: str
    qn: str | None = None
    flag: str | None = None
    pnum: str | None = None
    pno: str | None = None
    cp: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def flag_bits(self) -> int | None:
        return None if self.flag is None else int(self.flag)

    @property
    def version(self) -> int | None:
        """Flag bits V5…V0: 1 = HJ 212-2017, 0 = HJ/T 212-2005 (also when there is no Flag)."""
        return VERSION_2005 if self.flag is None else int(self.flag) >> 2

    @property
    def version_label(self) -> str:
        return {VERSION_2005: "HJ/T 212-2005", VERSION_2017: "HJ 212-2017"}.get(
            self.version, f"未定义版本{self.version}"
        )

    @property
    def ack_requested(self) -> bool:
        return self.flag is not None and bool(int(self.flag) & FLAG_ACK)

    @property
    def is_split(self) -> bool:
        return self.pnum is not None

    @property
    def data_time(self) -> datetime | None:
        text = self.cp.get("DataTime")
        return None if text is None else parse_time(text)

    @property
    def normalized_codes(self) -> dict[str, str]:
        """HJ/T 212-2005 codes used in this packet → their HJ 212-2017 codes (Appendix B)."""
        return {code: OLD_CODES[code] for code in self.values if code in OLD_CODES}

    def normalized_values(self) -> dict[str, dict[str, str]]:
        """``values`` keyed by 2017 codes (old codes mapped; a code sent in both forms keeps the
        2017 one's fields first)."""
        result: dict[str, dict[str, str]] = {}
        for code, fields in self.values.items():
            target = result.setdefault(OLD_CODES.get(code, code), {})
            for name, value in fields.items():
                target.setdefault(name, value)
        return result

    @property
    def unknown_codes(self) -> list[str]:
        """Codes neither in the 2017 tables nor mappable from 2005: stored as sent, flagged."""
        return [
            code
            for code in self.values
            if code not in POLLUTANTS and code not in OLD_CODES and not code.startswith("SB")
        ]

    def as_json(self) -> dict:
        """The decode CLI's object (issue 16 contract), without ``ok``/``error``."""
        return {
            "qn": self.qn,
            "st": self.st,
            "cn": self.cn,
            "pw": self.pw,
            "mn": self.mn,
            "flag": self.flag,
            "pnum": self.pnum,
            "pno": self.pno,
            "cp": dict(self.cp),
            "values": {code: dict(fields) for code, fields in self.values.items()},
            "normalized_codes": self.normalized_codes,
        }


_QN = re.compile(r"[0-9]{17}")
_ST = re.compile(r"[0-9A-Z]{2}")
_CN = re.compile(r"[0-9]{4}")
_MN = re.compile(rf"[0-9A-Za-z_.\-]{{1,{MN_MAX}}}")
_FLAG = re.compile(r"[0-9]{1,3}")
_PART = re.compile(r"[0-9]{1,4}")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_CODE = re.compile(r"[A-Za-z0-9_]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_TIME = re.compile(r"[0-9]{14}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CP_START = "CP=&&"
CP_END = "&&"


def _moment(text: str) -> datetime:
    # Slicing beats strptime by ~20x; the regex above has already checked the digits.
    return datetime(
        int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]), int(text[10:12]), int(text[12:14])
    )


def parse_time(text: str) -> datetime:
    """``YYYYMMDDhhmmss`` (§6.3.3 DataTime) as a naive local (Beijing) time."""
    if not _TIME.fullmatch(text):
        raise Hj212Error("time", text)
    try:
        return _moment(text)
    except ValueError as error:
        raise Hj212Error("time", text) from error


def _parse_qn(text: str) -> None:
    # 17 digits (Table 3). Not checked as a calendar date: a logger with a wrong clock still sends
    # data worth keeping, and the QN only has to identify the request.
    if not _QN.fullmatch(text):
        raise Hj212Error("qn", text)


def parse_segment(segment: str) -> Packet:
    """Parse one data segment (without header, length, CRC and CRLF)."""
    packet = _parse_fast(segment)
    return packet if packet is not None else parse_segment_general(segment)


# ---------------------------------------------------------------------------- the receiver's fast path
# Nearly every packet a receiver sees is a well-formed HJ 212-2017 upload: QN;ST;CN;PW;MN;Flag in
# that order, no split, fields ``code-Suffix=value`` / ``Name=value``. For those, three C-level
# regular expressions check the whole segment and pick out its fields, instead of a Python loop
# with one check per field (bench/bench_hj212.py parse: ~4x faster). Anything the fast path is not
# sure of — another header order, an HJ/T 212-2005 packet, a split packet, an odd character, a
# duplicate, a value that is not a number, a time field other than a valid DataTime — goes to
# ``parse_segment_general``, which accepts or refuses it with its precise reason. Both give equal
# packets (tested on the simulator's packets and on mutated ones).
_VALUE = r"[^;,=&\x00-\x1f\x7f]*"
_FAST_HEAD = re.compile(
    r"QN=([0-9]{17});ST=([0-9A-Z]{2});CN=([0-9]{4});PW=([^;=&\x00-\x1f\x7f]+);"
    rf"MN=([0-9A-Za-z_.\-]{{1,{MN_MAX}}});Flag=([0-9]{{1,3}});CP=&&"
)
_FAST_FIELD = rf"(?:[A-Za-z0-9_]+-[A-Za-z][A-Za-z0-9_]*|[A-Za-z][A-Za-z0-9_]*)={_VALUE}"
_FAST_CP = re.compile(rf"(?:{_FAST_FIELD}(?:[;,]{_FAST_FIELD})*)?&&")
_FAST_FIELDS = re.compile(rf"(?:([A-Za-z0-9_]+)-)?([A-Za-z][A-Za-z0-9_]*)=({_VALUE})")
# A numeric suffix whose value is neither empty nor a number (the general parser says which).
_BAD_NUMBER = re.compile(
    rf"-(?:{'|'.join(sorted(NUMERIC_SUFFIXES, key=len, reverse=True))})="
    rf"(?!(?:{_NUMBER.pattern})?(?:[;,]|&&$))"
)
_checked_times: dict[str, bool] = {}  # time texts already checked (DataTime repeats endlessly)


def _time_ok(text: str) -> bool:
    known = _checked_times.get(text)
    if known is None:
        try:
            parse_time(text)
            known = True
        except Hj212Error:
            known = False
        if len(_checked_times) > 100_000:
            _checked_times.clear()
        _checked_times[text] = known
    return known


# The fast path does not build the pollutant fields' dictionaries: it checks the field names (no
# duplicate) and keeps the segment; ``values`` is read from it when first used (the PostgreSQL sink
# takes the measurements from the CP text and never needs them).
# (_FAST_CP has checked the CP: these only pick fields out of it, consuming each value.)
_FAST_NAMES = re.compile(rf"([^;,=&]+)={_VALUE}")
_FAST_PLAIN = re.compile(rf"(?<=[&;,])([A-Za-z][A-Za-z0-9_]*)=({_VALUE})")
_FAST_DATA_TIME = re.compile(rf"[&;,]DataTime=({_VALUE})")
# field names → (pollutant codes in order, plain field names); None if a name repeats
_shapes: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]] | None] = {}
_ONLY_DATA_TIME = ("DataTime",)


def _shape_of(names: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(pollutant codes in order, plain field names) of a CP with these field names; None if a
    name repeats. Memoised: a device sends the same names in every packet of a kind."""
    key = tuple(names)
    shape = _shapes.get(key, False)
    if shape is False:
        if len(set(names)) != len(names):
            shape = None
        else:
            codes = tuple(dict.fromkeys(name.partition("-")[0] for name in names if "-" in name))
            shape = (codes, tuple(name for name in names if "-" not in name))
        if len(_shapes) > 10_000:
            _shapes.clear()
        _shapes[key] = shape
    return shape


class _FieldsByCode(Mapping):
    """``Packet.values`` of a fast-path packet: code → {suffix: value}, parsed from the segment on
    first access to a code's fields (iterating, ``len`` and ``in`` need only the codes). Equal to
    the dictionary the general parser gives."""

    __slots__ = ("_codes", "_segment", "_start", "_values")

    def __init__(self, segment: str, start: int, codes: tuple[str, ...]) -> None:
        self._segment = segment
        self._start = start
        self._codes = codes
        self._values: dict[str, dict[str, str]] | None = None

    def _load(self) -> dict[str, dict[str, str]]:
        values = self._values
        if values is None:
            values = self._values = {code: {} for code in self._codes}
            segment = self._segment
            for code, name, value in _FAST_FIELDS.findall(segment, self._start, len(segment) - 2):
                if code:
                    values[code][name] = value
        return values

    def __getitem__(self, code: str) -> dict[str, str]:
        return self._load()[code]

    def __iter__(self):
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __contains__(self, code) -> bool:
        return code in self._codes

    # The dictionary's own views once loaded (Mapping's would call __getitem__ per code).
    def items(self):
        return self._load().items()

    def values(self):
        return self._load().values()

    def get(self, code, default=None):
        return self._load().get(code, default)

    def __repr__(self) -> str:
        return repr(self._load())


_new_packet = object.__new__


def _parse_fast(segment: str) -> Packet | None:
    head = _FAST_HEAD.match(segment)
    if head is None:
        return None
    start = head.end()
    if not _FAST_CP.fullmatch(segment, start) or "SampleTime" in segment:
        return None
    qn, st, cn, pw, mn, flag = head.groups()
    bits = int(flag)
    if bits > 255 or bits & FLAG_SPLIT or _BAD_NUMBER.search(segment, start):
        return None
    end = len(segment) - 2
    shape = _shape_of(_FAST_NAMES.findall(segment, start, end))
    if shape is None:
        return None  # a duplicate field
    codes, plain = shape
    if plain == _ONLY_DATA_TIME:
        cp = {"DataTime": _FAST_DATA_TIME.search(segment, start - 1, end).group(1)}
    else:
        cp = dict(_FAST_PLAIN.findall(segment, start, end)) if plain else {}
    for name in TIME_FIELDS:
        value = cp.get(name)
        if value is not None and not _time_ok(value):
            return None
    # A frozen dataclass's __init__ sets each field through object.__setattr__; filling __dict__
    # gives the same object (equal, hashable, immutable through attributes) for a fraction.
    packet = _new_packet(Packet)
    packet.__dict__.update(
        st=st,
        cn=cn,
        pw=pw,
        mn=mn,
        qn=qn,
        flag=flag,
        pnum=None,
        pno=None,
        cp=cp,
        values=_FieldsByCode(segment, start, codes) if codes else {},
    )
    return packet


def parse_segment_general(segment: str) -> Packet:
    """Parse any data segment, refusing a bad one with its precise reason."""
    if _CONTROL.search(segment):
        raise Hj212Error("control_char")
    start = segment.find(CP_START)
    if start < 0 or (start > 0 and segment[start - 1] != ";"):
        raise Hj212Error("cp", "缺少CP字段")
    if not segment.endswith(CP_END) or len(segment) < start + len(CP_START) + len(CP_END):
        raise Hj212Error("cp", "CP未以“&&”结束")
    head = _parse_head(segment[:start])
    cp, values = parse_cp(segment[start + len(CP_START) : -len(CP_END)])
    return _packet(head, cp, values)


def _parse_head(text: str) -> dict[str, str]:
    head: dict[str, str] = {}
    if not text:
        return head
    if not text.endswith(";"):
        raise Hj212Error("format", "字段之间应以分号分隔")
    for item in text[:-1].split(";"):
        name, sep, value = item.partition("=")
        if not sep:
            raise Hj212Error("format", f"“{item[:40]}”不是“字段=值”")
        if name not in HEADER_FIELDS:
            raise Hj212Error("unknown_field", name[:40])
        if name in head:
            raise Hj212Error("duplicate_field", name)
        head[name] = value
    return head


def _packet(head: dict[str, str], cp: dict[str, str], values: dict[str, dict[str, str]]) -> Packet:
    for name in REQUIRED_FIELDS:
        if name not in head:
            raise Hj212Error("missing_field", name)
    if "QN" in head:
        _parse_qn(head["QN"])
    if not _ST.fullmatch(head["ST"]):
        raise Hj212Error("st", head["ST"][:40])
    if not _CN.fullmatch(head["CN"]):
        raise Hj212Error("cn", head["CN"][:40])
    if not head["PW"]:
        raise Hj212Error("pw")
    if not _MN.fullmatch(head["MN"]):
        raise Hj212Error("mn", head["MN"][:40])
    flag = head.get("Flag")
    if flag is not None and not (_FLAG.fullmatch(flag) and int(flag) <= 255):
        raise Hj212Error("flag", flag[:40])
    pnum, pno = head.get("PNUM"), head.get("PNO")
    if (pnum is None) != (pno is None):
        raise Hj212Error("split", "PNUM与PNO须同时出现")
    if flag is not None and int(flag) & FLAG_SPLIT and pnum is None:
        raise Hj212Error("split", "Flag标明拆分包，但缺少PNUM和PNO")
    if pnum is not None:
        if not (_PART.fullmatch(pnum) and _PART.fullmatch(pno)):
            raise Hj212Error("split", f"PNUM={pnum[:10]}，PNO={pno[:10]}")
        if not 1 <= int(pno) <= int(pnum):
            raise Hj212Error("split", f"包号{int(pno)}不在1至{int(pnum)}之间")
    return Packet(
        qn=head.get("QN"),
        st=head["ST"],
        cn=head["CN"],
        pw=head["PW"],
        mn=head["MN"],
        flag=flag,
        pnum=pnum,
        pno=pno,
        cp=cp,
        values=values,
    )


_FIELD_NAME = re.compile(r"([A-Za-z0-9_]+)-([A-Za-z][A-Za-z0-9_]*)")
_field_names: dict[str, tuple[str, str]] = {}  # checked "code-suffix" names (they repeat endlessly)


def _split_field_name(name: str) -> tuple[str, str]:
    known = _field_names.get(name)
    if known is not None:
        return known
    match = _FIELD_NAME.fullmatch(name)
    if match is None:
        raise Hj212Error("cp_field", name[:40])
    if len(_field_names) < 10_000:
        _field_names[name] = match.groups()
    return match.group(1), match.group(2)


def parse_cp(text: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """CP content → (plain fields such as DataTime, pollutant fields by code)."""
    cp: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    number = _NUMBER.fullmatch
    for item in text.split(";"):
        if not item:
            continue  # tolerated: a trailing or doubled ";" carries nothing
        for part in item.split(","):
            name, sep, value = part.partition("=")
            if not sep:
                raise Hj212Error("cp_field", f"“{part[:40]}”不是“字段=值”")
            if "-" in name:
                code, suffix = _split_field_name(name)
                fields = values.get(code)
                if fields is None:
                    fields = values[code] = {}
                elif suffix in fields:
                    raise Hj212Error("duplicate_field", name[:40])
                if suffix in NUMERIC_SUFFIXES and value and not number(value):
                    raise Hj212Error("value", f"{name}={value[:40]}")
                if suffix == "SampleTime":
                    parse_time(value)
                fields[suffix] = value
            else:
                if not _NAME.fullmatch(name):
                    raise Hj212Error("cp_field", name[:40])
                if name in cp:
                    raise Hj212Error("duplicate_field", name[:40])
                if name in TIME_FIELDS:
                    parse_time(value)
                cp[name] = value
    return cp, values


def decode(packet: bytes | str) -> Packet:
    """One framed packet (a line) → Packet, or Hj212Error."""
    return parse_segment(unframe(packet))


# ---------------------------------------------------------------------------- encoding
def build_segment(packet: Packet) -> str:
    head = [
        f"{name}={value}"
        for name, value in (
            ("QN", packet.qn),
            ("ST", packet.st),
            ("CN", packet.cn),
            ("PW", packet.pw),
            ("MN", packet.mn),
            ("Flag", packet.flag),
            ("PNUM", packet.pnum),
            ("PNO", packet.pno),
        )
        if value is not None
    ]
    return ";".join([*head, f"{CP_START}{build_cp(packet.cp, packet.values)}{CP_END}"])


def build_cp(cp: Mapping[str, str], values: Mapping[str, Mapping[str, str]]) -> str:
    items = [f"{name}={value}" for name, value in cp.items()]
    items += [
        ",".join(f"{code}-{name}={value}" for name, value in fields.items())
        for code, fields in values.items()
        if fields
    ]
    return ";".join(items)


def encode(packet: Packet) -> bytes:
    """Packet → framed bytes; ``decode(encode(p)) == p`` for every valid packet."""
    segment = build_segment(packet)
    parse_segment(segment)  # refuse to send what a receiver would refuse
    return frame(segment)


def _reply(request: Packet, cn: str, cp: Mapping[str, str]) -> bytes:
    # Appendix C examples: ST=91 (system interaction), the request's QN, PW and MN, Flag=4.
    flag = None if request.flag is None else str(VERSION_2017 << 2)
    return frame(
        build_segment(Packet(qn=request.qn, st="91", cn=cn, pw=request.pw, mn=request.mn, flag=flag, cp=cp))
    )


def reply_request(request: Packet, qn_rtn: int) -> bytes:
    """CN=9011 请求应答 with QnRtn (Table 7: 1 ready … 9 CRC error, 100 unknown)."""
    return _reply(request, "9011", {"QnRtn": str(qn_rtn)})


def reply_execution(request: Packet, exe_rtn: int) -> bytes:
    """CN=9012 执行结果 with ExeRtn (Table 6)."""
    return _reply(request, "9012", {"ExeRtn": str(exe_rtn)})


def reply_data(request: Packet) -> bytes:
    """CN=9014 数据应答 to an upload whose Flag asked for a reply (bit A), echoing its QN (the
    receiver's hot path: the segment ``_reply`` would build, formatted directly; tested equal)."""
    qn = "" if request.qn is None else f"QN={request.qn};"
    flag = "" if request.flag is None else f"Flag={VERSION_2017 << 2};"
    return frame(f"{qn}ST=91;CN=9014;PW={request.pw};MN={request.mn};{flag}CP=&&&&")


# QnRtn of a refused packet (Table 7), by reject code.
QN_RTN_FOR_REASON = {
    "password": 3,
    "pw": 3,
    "unknown_mn": 4,
    "mn": 4,
    "st": 5,
    "flag": 6,
    "qn": 7,
    "cn": 8,
    "crc": 9,
}


def describe_flag(flag: str) -> str:
    """Table 8 meaning of a data flag (``xxxxxx-Flag``)."""
    return DATA_FLAGS.get(flag, f"未定义标记{flag}")


# ---------------------------------------------------------------------------- TCP byte stream
@dataclass(frozen=True)
class Frame:
    raw: bytes  # the whole packet including CRLF
    segment: str


@dataclass(frozen=True)
class FrameError:
    error: Hj212Error
    raw: bytes  # the bytes dropped (at most MAX_FRAME_LENGTH of them)
    segment: str | None = None  # when the framing held but the CRC did not (for a 9011 reply)


_new_frame = object.__new__


def _whole_frames(data: bytes, events: list) -> int:
    """The receiver's common case: whole, well-formed frames one after another from the start of
    ``data`` (a read of a device's pipelined packets) appended to ``events`` as ``FrameReader``'s
    general loop would; returns where the first thing that is not one begins (left to that loop)."""
    position, end = 0, len(data)
    while end - position >= OVERHEAD and data[position : position + 2] == HEADER:
        length_field = data[position + 2 : position + 6]
        if not length_field.isdigit():
            break
        declared = int(length_field)
        stop = position + declared + OVERHEAD
        body_end = position + 6 + declared
        if declared > MAX_DATA_LENGTH or stop > end or data[stop - 2 : stop] != TRAILER:
            break
        body = data[position + 6 : body_end]
        if data[body_end : stop - 2].upper() != b"%04X" % crc16(body):
            break
        try:
            segment = body.decode("utf-8")
        except UnicodeDecodeError:
            break
        event = _new_frame(Frame)  # a frozen dataclass filled without its per-field setattr
        event.__dict__.update(raw=data[position:stop], segment=segment)
        events.append(event)
        position = stop
    return position


class FrameReader:
    """Splits a TCP byte stream into packets: packets split over reads and several packets in one
    read both work; garbage before ``##`` is skipped (reported once per run of garbage); a length
    over 1024, a wrong CRC or a missing CRLF drops that packet and reading resumes at the next
    ``##``. Memory per connection stays below one maximal frame plus one read."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def feed(self, data: bytes) -> list[Frame | FrameError]:
        buffer = self._buffer
        if buffer:
            buffer += data
            data = bytes(buffer)
            buffer.clear()
        else:
            data = bytes(data)  # (the same object when it is bytes already)
        events: list[Frame | FrameError] = []
        taken = _whole_frames(data, events)
        if taken < len(data):
            buffer += memoryview(data)[taken:]
        # Anything else — a frame cut by the read, garbage, a bad length, CRC or trailer — here.
        while buffer:
            start = buffer.find(HEADER)
            if start != 0:
                cut = len(buffer) if start < 0 else start
                if start < 0 and buffer.endswith(b"#"):
                    cut -= 1  # the first half of a header
                dropped = bytes(buffer[:cut])
                del buffer[:cut]
                if dropped.strip(b"\r\n\t \x00"):
                    events.append(FrameError(Hj212Error("garbage", f"{len(dropped)}字节"), dropped[:64]))
                if start < 0:
                    break
                continue
            if len(buffer) < 6:
                break
            length_field = bytes(buffer[2:6])
            if not _DIGITS4.fullmatch(length_field):
                events.append(self._drop(2, Hj212Error("length_field", repr(length_field.decode("latin-1")))))
                continue
            declared = int(length_field)
            if declared > MAX_DATA_LENGTH:
                events.append(self._drop(2, Hj212Error("too_long", f"声明{declared}字节")))
                continue
            total = declared + OVERHEAD
            if len(buffer) < total:
                # Wait for the rest, unless a new header already shows the packet was cut short.
                following = buffer.find(HEADER, 2)
                if following > 0 and TRAILER in buffer[:following]:
                    events.append(self._drop(following, Hj212Error("length_mismatch", f"声明{declared}字节")))
                    continue
                break
            if buffer[total - 2 : total] != TRAILER:
                events.append(self._resync(Hj212Error("trailer", f"声明长度{declared}字节处不是回车换行")))
                continue
            raw = bytes(buffer[:total])
            del buffer[:total]
            body, crc = raw[6 : 6 + declared], raw[6 + declared : 6 + declared + CRC_DIGITS]
            expected = crc_text(body)
            if not _HEX4.fullmatch(crc) or crc.decode("ascii").upper() != expected:
                got = crc.decode("latin-1")
                events.append(
                    FrameError(
                        Hj212Error("crc", f"报文为{got}，计算值为{expected}"),
                        raw,
                        body.decode("utf-8", "replace"),
                    )
                )
                continue
            try:
                events.append(Frame(raw, body.decode("utf-8")))
            except UnicodeDecodeError:
                events.append(FrameError(Hj212Error("encoding"), raw))
        return events

    def _drop(self, count: int, error: Hj212Error) -> FrameError:
        dropped = bytes(self._buffer[:count])
        del self._buffer[:count]
        return FrameError(error, dropped)

    def _resync(self, error: Hj212Error) -> FrameError:
        following = self._buffer.find(HEADER, 2)
        return self._drop(following if following > 0 else len(self._buffer), error)


# ---------------------------------------------------------------------------- split packets
class Reassembler:
    """Joins the parts of a split upload (Flag bit D, PNUM/PNO; parts share MN, CN and QN) into one
    packet. Parts may arrive in any order and twice; a group not complete ``max_age`` seconds after
    its first part is dropped (``expire(now)``) and at most ``max_groups`` groups wait at once."""

    def __init__(self, *, max_groups: int = 10_000, max_age: float = 600.0) -> None:
        self.max_groups = max_groups
        self.max_age = max_age
        self._groups: dict[tuple, tuple[float, dict[int, Packet]]] = {}

    def __len__(self) -> int:
        return len(self._groups)

    def add(self, packet: Packet, *, now: float = 0.0) -> Packet | None:
        """The whole packet once its last part is in, else None. Unsplit packets pass through."""
        if not packet.is_split:
            return packet
        key = (packet.mn, packet.cn, packet.qn, int(packet.pnum))
        if key not in self._groups:
            if len(self._groups) >= self.max_groups:
                oldest = min(self._groups, key=lambda k: self._groups[k][0])
                del self._groups[oldest]
            self._groups[key] = (now, {})
        parts = self._groups[key][1]
        parts.setdefault(int(packet.pno), packet)
        if len(parts) < int(packet.pnum):
            return None
        del self._groups[key]
        return join_parts([parts[number] for number in sorted(parts)])

    def expire(self, now: float) -> int:
        stale = [key for key, (first, _parts) in self._groups.items() if now - first > self.max_age]
        for key in stale:
            del self._groups[key]
        return len(stale)


def join_parts(parts: Iterable[Packet]) -> Packet:
    """Merge the parts of one split packet (ordered by PNO) into one packet without PNUM/PNO."""
    parts = list(parts)
    numbers = sorted(int(part.pno) for part in parts)
    if not parts or numbers != list(range(1, int(parts[0].pnum) + 1)):
        raise Hj212Error("reassembly", "包号不完整")
    cp: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    for part in sorted(parts, key=lambda p: int(p.pno)):
        for name, value in part.cp.items():
            cp.setdefault(name, value)
        for code, fields in part.values.items():
            target = values.setdefault(code, {})
            for name, value in fields.items():
                target.setdefault(name, value)
    flag = None if parts[0].flag is None else str(int(parts[0].flag) & ~FLAG_SPLIT)
    return replace(parts[0], pnum=None, pno=None, flag=flag, cp=cp, values=values)
