"""Verifiable random draws for 双随机、一公开 (random inspection objects, random inspectors, public results).

Pure: no Django, no I/O, no clock. Basis: 国办发〔2015〕58号 and 环办〔2015〕88号 (regulations.md §8; their
ratios vary by locality and are configuration of the draw plan, not of this module).

How a draw is made verifiable (issue 17):
1. Before the draw the bureau publishes the **pool digest** (`pool_digest`) and the **seed commitment**
   SHA-256(seed bytes) (`seed_commitment`) of a secret random seed (`new_seed`).
2. After the draw it reveals the seed. Anyone can then recompute every member's **score**
   HMAC-SHA256(key = seed bytes, message = member id in UTF-8), as lowercase hex (`score`), rank the
   members by score ascending (equal scores, which SHA-256 makes impossible in practice, by id in
   code-point order) and take the first K (`draw`). `verify_draw` does all of it.

Pool digest, the canonical serialisation (documented so it can be recomputed by hand):
    the member ids, sorted by Unicode code point, each encoded in UTF-8 and followed by one LF (0x0A);
    the digest is the lowercase hex SHA-256 of that byte string.
Only the ids enter it: they alone decide the draw, and the other columns of a published pool (names,
categories, contact details an inspector pool must not publish) may differ between the staff copy and
the public copy. Because UTF-8 byte order equals code-point order, the shell recomputes it with
``cut -d, -f1 pool.csv | tail -n +2 | LC_ALL=C sort | sha256sum`` for a pool whose first column is the
id and whose ids need no CSV quoting (`gongkai inspections commit` prints it for any pool).
An id is therefore never empty and never contains a line break.

Inspector assignment (`assign_inspectors`): the drawn units are taken in rank order; for each unit the
inspectors not tied to it (conflict avoidance: an inspector never inspects a unit they are tied to) are
ranked by HMAC-SHA256(key = seed bytes, message = "assign" LF unit id LF inspector id, UTF-8), ascending,
ties by id, and the first `per_unit` that have not reached `max_units_per_inspector` are taken. The
message prefix keeps these scores apart from the unit scores (ids contain no LF), and the result follows
from the seed alone, so the assignment is verifiable the same way as the draw.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

SEED_BYTES = 32  # 256-bit seeds from `new_seed`; shorter published seeds still verify
ASSIGN_PREFIX = "assign"
_HEX = re.compile(r"[0-9a-fA-F]+")


class DrawError(ValueError):
    """A draw that cannot be made as asked; `message` is Chinese and fit to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Ranked:
    """One pool member with its score and 1-based rank."""

    rank: int
    member_id: str
    score: str


@dataclass(frozen=True, slots=True)
class Assignment:
    """The inspectors drawn for one unit, in their rank order for that unit."""

    unit_id: str
    inspector_ids: tuple[str, ...]


@dataclass(frozen=True)
class PublishedDraw:
    """What the bureau publishes: before the draw the digest and the commitment, after it the seed, the
    count and the drawn ids in rank order (and the assignments, when inspectors were drawn)."""

    pool_digest: str
    seed_commitment: str
    seed_hex: str
    count: int
    drawn_ids: tuple[str, ...]
    assignments: tuple[Assignment, ...] = ()


@dataclass(frozen=True)
class Verification:
    ok: bool
    problems: tuple[str, ...]


# --- seed ------------------------------------------------------------------------------------------


def new_seed() -> str:
    """A fresh secret seed as lowercase hex (256 bits from the operating system's CSPRNG)."""
    return secrets.token_hex(SEED_BYTES)


def parse_seed(seed_hex: str) -> bytes:
    """The seed bytes of a hex text: hex digits only (either case, no prefix, no spaces), an even
    number of them, at least one byte."""
    if not seed_hex or not _HEX.fullmatch(seed_hex) or len(seed_hex) % 2:
        raise DrawError(f"随机种子“{seed_hex}”无效，应为偶数位十六进制数字（0-9、a-f）。")
    return bytes.fromhex(seed_hex)


def seed_commitment(seed: bytes) -> str:
    """SHA-256 of the seed bytes, lowercase hex: published before the draw."""
    return hashlib.sha256(seed).hexdigest()


# --- pool ------------------------------------------------------------------------------------------


def check_ids(member_ids: Iterable[str]) -> list[str]:
    """The ids as a list, after the rules every pool obeys: not empty (or blank), no line break, unique."""
    ids = list(member_ids)
    seen: set[str] = set()
    for position, member_id in enumerate(ids, start=1):
        if not member_id.strip():
            raise DrawError(f"第{position}个对象的编号为空。")
        if "\n" in member_id or "\r" in member_id:
            raise DrawError(f"对象编号“{member_id.strip()}”含有换行符。")
        if member_id in seen:
            raise DrawError(f"对象编号“{member_id}”重复。")
        seen.add(member_id)
    return ids


def pool_digest(member_ids: Iterable[str]) -> str:
    """SHA-256 of the canonical serialisation of a pool (module docstring), lowercase hex."""
    ids = sorted(check_ids(member_ids))
    return hashlib.sha256("".join(f"{member_id}\n" for member_id in ids).encode("utf-8")).hexdigest()


# --- draw ------------------------------------------------------------------------------------------


def score(seed: bytes, member_id: str) -> str:
    """HMAC-SHA256(key = seed bytes, message = member id in UTF-8), lowercase hex."""
    return hmac.new(seed, member_id.encode("utf-8"), hashlib.sha256).hexdigest()


def rank(seed: bytes, member_ids: Iterable[str]) -> list[Ranked]:
    """Every member ranked by score ascending (ties by id); independent of the input order."""
    ids = check_ids(member_ids)
    ordered = sorted((score(seed, member_id), member_id) for member_id in ids)
    return [Ranked(position, member_id, value) for position, (value, member_id) in enumerate(ordered, 1)]


def draw(seed: bytes, member_ids: Iterable[str], count: int) -> list[Ranked]:
    """The first `count` members of `rank`: the drawn objects in rank order."""
    ids = check_ids(member_ids)
    if count < 0:
        raise DrawError(f"抽取数量{count}无效，不能为负数。")
    if count > len(ids):
        raise DrawError(f"抽取数量{count}大于名录中的对象数{len(ids)}。")
    return rank(seed, ids)[:count]


def count_for_ratio(pool_size: int, ratio: Fraction | str) -> int:
    """Members to draw for a plan given as a share of the pool ("5%" rules are minimums, so it rounds
    up): e.g. 5% of 41 units → 3. `ratio` is a Fraction or a text such as "0.05" or "1/20"."""
    share = Fraction(ratio)
    if not 0 <= share <= 1:
        raise DrawError(f"抽查比例{ratio}无效，应在0到1之间。")
    return math.ceil(pool_size * share)


# --- inspectors ------------------------------------------------------------------------------------


def assignment_score(seed: bytes, unit_id: str, inspector_id: str) -> str:
    message = f"{ASSIGN_PREFIX}\n{unit_id}\n{inspector_id}"
    return hmac.new(seed, message.encode("utf-8"), hashlib.sha256).hexdigest()


def assign_inspectors(
    seed: bytes,
    unit_ids: Sequence[str],
    inspector_ids: Iterable[str],
    *,
    per_unit: int = 2,
    conflicts: Collection[tuple[str, str]] = (),
    max_units_per_inspector: int | None = None,
) -> list[Assignment]:
    """Inspectors for each drawn unit (in the given order, normally the draw's rank order), never one
    tied to the unit: `conflicts` holds (inspector id, unit id) pairs (回避: kinship, former employment,
    a previous case). Raises DrawError naming the unit when too few inspectors remain for it."""
    units = check_ids(unit_ids)
    inspectors = check_ids(inspector_ids)
    if per_unit < 1:
        raise DrawError(f"每个对象的执法人员数{per_unit}无效，至少为1。")
    if max_units_per_inspector is not None and max_units_per_inspector < 1:
        raise DrawError(f"每名执法人员的检查对象上限{max_units_per_inspector}无效，至少为1。")
    tied = set(conflicts)
    load: dict[str, int] = dict.fromkeys(inspectors, 0)
    assignments = []
    for unit_id in units:
        candidates = sorted(
            (assignment_score(seed, unit_id, inspector_id), inspector_id)
            for inspector_id in inspectors
            if (inspector_id, unit_id) not in tied
            and (max_units_per_inspector is None or load[inspector_id] < max_units_per_inspector)
        )
        chosen = tuple(inspector_id for _, inspector_id in candidates[:per_unit])
        if len(chosen) < per_unit:
            raise DrawError(
                f"检查对象“{unit_id}”可选的执法人员只有{len(chosen)}名（需要{per_unit}名），"
                "请扩大执法人员名录或调整回避关系。"
            )
        for inspector_id in chosen:
            load[inspector_id] += 1
        assignments.append(Assignment(unit_id, chosen))
    return assignments


# --- verification ----------------------------------------------------------------------------------


def publish(
    seed: bytes,
    member_ids: Iterable[str],
    count: int,
    *,
    inspector_ids: Iterable[str] | None = None,
    per_unit: int = 2,
    conflicts: Collection[tuple[str, str]] = (),
    max_units_per_inspector: int | None = None,
) -> PublishedDraw:
    """Make a draw and the record to publish about it."""
    ids = check_ids(member_ids)
    drawn = tuple(member.member_id for member in draw(seed, ids, count))
    assignments: tuple[Assignment, ...] = ()
    if inspector_ids is not None:
        assignments = tuple(
            assign_inspectors(
                seed,
                drawn,
                inspector_ids,
                per_unit=per_unit,
                conflicts=conflicts,
                max_units_per_inspector=max_units_per_inspector,
            )
        )
    return PublishedDraw(pool_digest(ids), seed_commitment(seed), seed.hex(), count, drawn, assignments)


def verify_draw(
    published: PublishedDraw,
    member_ids: Iterable[str],
    *,
    inspector_ids: Iterable[str] | None = None,
    per_unit: int = 2,
    conflicts: Collection[tuple[str, str]] = (),
    max_units_per_inspector: int | None = None,
) -> Verification:
    """Re-run a published draw from its revealed seed over the published pool: the pool matches its
    digest, the seed its commitment, and the drawn ids (and assignments) come out the same, in order."""
    problems: list[str] = []
    try:
        ids = check_ids(member_ids)
        seed = parse_seed(published.seed_hex)
    except DrawError as error:
        return Verification(False, (error.message,))
    digest = pool_digest(ids)
    if digest != published.pool_digest.lower():
        problems.append(f"名录摘要不符：公布的为{published.pool_digest}，按名录计算为{digest}。")
    commitment = seed_commitment(seed)
    if commitment != published.seed_commitment.lower():
        problems.append(
            f"随机种子承诺值不符：公布的为{published.seed_commitment}，按种子计算为{commitment}。"
        )
    try:
        drawn = tuple(member.member_id for member in draw(seed, ids, published.count))
    except DrawError as error:
        return Verification(False, (*problems, error.message))
    if drawn != tuple(published.drawn_ids):
        problems.append(
            f"抽取结果不符：公布的为{'、'.join(published.drawn_ids) or '（无）'}，"
            f"重新计算为{'、'.join(drawn) or '（无）'}。"
        )
    if inspector_ids is not None:
        try:
            expected = tuple(
                assign_inspectors(
                    seed,
                    drawn,
                    inspector_ids,
                    per_unit=per_unit,
                    conflicts=conflicts,
                    max_units_per_inspector=max_units_per_inspector,
                )
            )
        except DrawError as error:
            problems.append(error.message)
        else:
            published_by_unit: Mapping[str, tuple[str, ...]] = {
                a.unit_id: tuple(a.inspector_ids) for a in published.assignments
            }
            for assignment in expected:
                shown = published_by_unit.get(assignment.unit_id, ())
                if shown != assignment.inspector_ids:
                    problems.append(
                        f"检查对象“{assignment.unit_id}”的执法人员不符：公布的为"
                        f"{'、'.join(shown) or '（无）'}，重新计算为{'、'.join(assignment.inspector_ids)}。"
                    )
    return Verification(not problems, tuple(problems))
