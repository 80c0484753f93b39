"""信息处理费 (information processing fee) under 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号).

Pure: no Django, no I/O. Amounts are `Decimal` yuan.

- 条例 Art. 42: disclosure on application is free in principle; the fee may be charged when the number
  or frequency of applications is clearly excessive. Whether to charge is the agency's decision; this
  module computes the amount once it charges.
- 办法 Art. 3: two methods, 按件计收 (`FeeMethod.BY_APPLICATION`) and 按量计收 (`FeeMethod.BY_VOLUME`),
  both progressive (超额累进: each band's rate applies only to the units inside that band). One method per
  application, never both: a `FeeQuote` carries exactly one method, and `quote_fee` refuses the other
  method's inputs.
- 办法 Art. 4 (按件): counted per applicant per calendar month (自然月); 1–10 free, 11–30 100 元/件, from the
  31st bands of 10 件 each adding 100 元/件 (31–40 200, 41–50 300, …). The month is the calendar month of
  the receipt date (收到申请之日).
- 办法 Art. 5 (按量): only for 纸质件, 电子邮件 or 复制电子数据; per application by pages: 1–30 free,
  31–100 10 元/页, 101–200 20 元/页, 201+ 40 元/页.

Unconfirmed, hence parameters with documented defaults (regulations.md §3 and Open point 2):
- page counting (A4 幅面; electronic data) → `PageCounting`, default 1 electronic page = 1 A4 page;
- exemptions and reductions (减免) → `Relief`, a manual decision with a reason; no automatic exemption.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from gongkai.core.labelled import LabelledStrEnum, gettext_noop

ZERO = Decimal(0)

# 办法 Art. 4 (按件计收), cumulative 件 of one applicant in one 自然月.
FREE_APPLICATIONS_PER_MONTH = 10  # 1–10件（含10件）不收费
SECOND_BAND_LAST = 30  # 11–30件（含30件）
SECOND_BAND_FEE = Decimal(100)  # 元/件
UPPER_BAND_WIDTH = 10  # 31件以上每10件为一档
UPPER_BAND_STEP = Decimal(100)  # 每增加一档，每件增加100元

# 办法 Art. 5 (按量计收), pages of one application: (first page, last page or None, 元/页).
PER_PAGE_BANDS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 30, ZERO),
    (31, 100, Decimal(10)),
    (101, 200, Decimal(20)),
    (201, None, Decimal(40)),
)

FEE_DOCUMENT = gettext_noop("国办函〔2020〕109号")


class FeeError(ValueError):
    """Inputs the 办法 does not allow; the message is fit to show the user."""

    @property
    def message(self) -> str:
        return self.args[0]


class FeeMethod(LabelledStrEnum):
    BY_APPLICATION = "by_application", gettext_noop("按件计收")
    BY_VOLUME = "by_volume", gettext_noop("按量计收")


class ProvisionForm(LabelledStrEnum):
    """How the applicant wants the information; 按量计收 applies only to the first three (办法 Art. 5)."""

    PAPER = "paper", gettext_noop("纸质件")
    EMAIL = "email", gettext_noop("电子邮件")
    ELECTRONIC_COPY = "electronic_copy", gettext_noop("复制电子数据")
    OTHER = "other", gettext_noop("其他形式")


VOLUME_FORMS = frozenset({ProvisionForm.PAPER, ProvisionForm.EMAIL, ProvisionForm.ELECTRONIC_COPY})


@dataclass(frozen=True, slots=True)
class BandCharge:
    """The units of one application that fall in one fee band."""

    first: int
    last: int | None  # None: the open top band
    unit_fee: Decimal
    units: int
    unit: str  # "件" or "页"

    @property
    def amount(self) -> Decimal:
        return self.unit_fee * self.units


@dataclass(frozen=True, slots=True)
class Relief:
    """减免 [U]: a manual decision to reduce or waive the fee, with its reason. The 办法's exemption
    article is not confirmed (regulations.md §3), so no exemption is automatic. `payable` is the
    amount still due after relief (0 = waived in full)."""

    reason: str
    payable: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class FeeQuote:
    """The fee of one application under exactly one method; `explanation` is Chinese text for the
    fee notice (收费通知: 依据、标准、数额)."""

    method: FeeMethod
    computed: Decimal  # the amount under the 办法, before relief
    amount: Decimal  # the amount payable
    charges: tuple[BandCharge, ...]
    explanation: str
    relief: Relief | None = None

    @property
    def is_free(self) -> bool:
        return self.amount == ZERO


@dataclass(frozen=True, slots=True)
class PageCounting:
    """[U] How pages are counted for 按量计收 (A4 幅面; electronic data): not confirmed.

    Default: paper is counted in A4 pages as supplied by the caller, and each page of electronic data
    (its A4 print length) counts as one page; `electronic_ratio` rescales electronic pages, rounded up."""

    electronic_ratio: Fraction = Fraction(1)


DEFAULT_PAGE_COUNTING = PageCounting()


def count_billable_pages(
    *, paper_pages: int = 0, electronic_pages: int = 0, counting: PageCounting = DEFAULT_PAGE_COUNTING
) -> int:
    """Pages of one application for 按量计收 under the bureau's page-counting rule [U]."""
    if paper_pages < 0 or electronic_pages < 0:
        raise FeeError("页数不能为负数")
    return paper_pages + math.ceil(electronic_pages * counting.electronic_ratio)


def pieces_earlier_in_month(*, received: date, earlier: Iterable[tuple[date, int]]) -> int:
    """How many 件 the applicant already made in the calendar month of `received` (办法 Art. 4: one
    applicant, one 自然月). `earlier`: (receipt date, 件数) of the applicant's earlier applications, each
    counted by its 件 after 一事一申请 splitting, not as one."""
    return sum(pieces for day, pieces in earlier if (day.year, day.month) == (received.year, received.month))


def per_application_band(ordinal: int) -> tuple[int, int, Decimal]:
    """The 按件 band (first, last, 元/件) of the `ordinal`-th 件 of the applicant's month (办法 Art. 4)."""
    if ordinal < 1:
        raise FeeError("件次必须从1开始计数")
    if ordinal <= FREE_APPLICATIONS_PER_MONTH:
        return 1, FREE_APPLICATIONS_PER_MONTH, ZERO
    if ordinal <= SECOND_BAND_LAST:
        return FREE_APPLICATIONS_PER_MONTH + 1, SECOND_BAND_LAST, SECOND_BAND_FEE
    band = (ordinal - SECOND_BAND_LAST - 1) // UPPER_BAND_WIDTH
    first = SECOND_BAND_LAST + 1 + band * UPPER_BAND_WIDTH
    return first, first + UPPER_BAND_WIDTH - 1, SECOND_BAND_FEE + UPPER_BAND_STEP * (band + 1)


def quote_by_application(
    *, earlier_this_month: int, pieces: int = 1, relief: Relief | None = None
) -> FeeQuote:
    """按件计收 (办法 Art. 4): the fee of an application of `pieces` 件 (一事一申请 splits count each piece)
    when the applicant already made `earlier_this_month` 件 in the same calendar month."""
    if earlier_this_month < 0:
        raise FeeError("本月已申请件数不能为负数")
    if pieces < 1:
        raise FeeError("本次申请至少为1件")
    first_ordinal = earlier_this_month + 1
    last_ordinal = earlier_this_month + pieces
    charges: list[BandCharge] = []
    ordinal = first_ordinal
    while ordinal <= last_ordinal:
        _, band_last, unit_fee = per_application_band(ordinal)
        upto = min(band_last, last_ordinal)
        charges.append(BandCharge(ordinal, upto, unit_fee, upto - ordinal + 1, "件"))
        ordinal = upto + 1
    computed = sum((charge.amount for charge in charges), ZERO)
    span = f"第{first_ordinal}件" if pieces == 1 else f"第{first_ordinal}至{last_ordinal}件"
    head = f"按件计收（{FEE_DOCUMENT}第四条，同一申请人同一自然月累计，超额累进）：本次申请为本月{span}。"
    return _finish(
        FeeMethod.BY_APPLICATION, computed, tuple(charges), _description(head, charges, computed), relief
    )


def quote_by_volume(*, pages: int, form: ProvisionForm, relief: Relief | None = None) -> FeeQuote:
    """按量计收 (办法 Art. 5): the fee of one application of `pages` pages (counted with
    `count_billable_pages`), only when the information is provided as 纸质件, 电子邮件 or 复制电子数据."""
    if form not in VOLUME_FORMS:
        raise FeeError(f"按量计收仅适用于纸质件、电子邮件或复制电子数据，本申请的提供形式为“{form.label}”")
    if pages < 0:
        raise FeeError("页数不能为负数")
    charges: list[BandCharge] = []
    for first, last, unit_fee in PER_PAGE_BANDS:
        if pages < first:
            break
        upto = pages if last is None else min(last, pages)
        charges.append(BandCharge(first, upto, unit_fee, upto - first + 1, "页"))
    computed = sum((charge.amount for charge in charges), ZERO)
    head = f"按量计收（{FEE_DOCUMENT}第五条，超额累进）：本次申请共{pages}页，提供形式为{form.label}。"
    return _finish(
        FeeMethod.BY_VOLUME, computed, tuple(charges), _description(head, charges, computed), relief
    )


def quote_fee(
    *,
    method: FeeMethod,
    earlier_this_month: int | None = None,
    pieces: int | None = None,
    pages: int | None = None,
    form: ProvisionForm | None = None,
    relief: Relief | None = None,
) -> FeeQuote:
    """The fee of one application by the one method chosen (办法 Art. 3: never both methods)."""
    if method is FeeMethod.BY_APPLICATION:
        if pages is not None or form is not None:
            raise FeeError("同一申请只能选择按件或按量一种方式计收，不得同时按件和按量计收")
        if earlier_this_month is None:
            raise FeeError("按件计收须提供申请人本月已申请件数")
        return quote_by_application(earlier_this_month=earlier_this_month, pieces=pieces or 1, relief=relief)
    if earlier_this_month is not None or pieces is not None:
        raise FeeError("同一申请只能选择按件或按量一种方式计收，不得同时按件和按量计收")
    if pages is None or form is None:
        raise FeeError("按量计收须提供页数和信息提供形式")
    return quote_by_volume(pages=pages, form=form, relief=relief)


def apply_relief(quote: FeeQuote, relief: Relief) -> FeeQuote:
    """The quote after a manual 减免 decision [U]: `relief.payable` replaces the amount due."""
    description = quote.explanation.split("\n", 1)[0]
    return _finish(quote.method, quote.computed, quote.charges, description, relief)


def _description(head: str, charges: list[BandCharge], computed: Decimal) -> str:
    bands = "；".join(_describe(charge) for charge in charges)
    return head + (bands + "。" if bands else "") + f"合计{computed}元。"


def _finish(
    method: FeeMethod,
    computed: Decimal,
    charges: tuple[BandCharge, ...],
    description: str,
    relief: Relief | None,
) -> FeeQuote:
    if relief is None:
        return FeeQuote(method, computed, computed, charges, description)
    if not relief.reason.strip():
        raise FeeError("减免信息处理费须写明理由")
    if not ZERO <= relief.payable <= computed:
        raise FeeError(f"减免后应缴金额须在0元至{computed}元之间")
    note = f"经决定减免（理由：{relief.reason.strip()}），应缴{relief.payable}元。"
    return FeeQuote(method, computed, relief.payable, charges, f"{description}\n{note}", relief)


def _describe(charge: BandCharge) -> str:
    span = (
        f"第{charge.first}{charge.unit}"
        if charge.first == charge.last
        else f"第{charge.first}至{charge.last}{charge.unit}"
    )
    if charge.unit_fee == ZERO:
        return f"{span}免费"
    count = "" if charge.units == 1 else f"共{charge.units}{charge.unit}，"
    return f"{span}{count}每{charge.unit}{charge.unit_fee}元，计{charge.amount}元"
