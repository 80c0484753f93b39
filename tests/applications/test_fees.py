"""信息处理费 under 国办函〔2020〕109号 Arts 3–5, at every band edge."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.applications.fees import (
    FeeError,
    FeeMethod,
    PageCounting,
    ProvisionForm,
    Relief,
    apply_relief,
    count_billable_pages,
    per_application_band,
    pieces_earlier_in_month,
    quote_by_application,
    quote_by_volume,
    quote_fee,
)


# 办法 Art. 4: 1–10 free, 11–30 100 元/件, then bands of 10 each 100 元/件 more.
@pytest.mark.parametrize(
    ("ordinal", "band", "unit_fee"),
    [
        (1, (1, 10), 0),
        (10, (1, 10), 0),
        (11, (11, 30), 100),
        (30, (11, 30), 100),
        (31, (31, 40), 200),
        (40, (31, 40), 200),
        (41, (41, 50), 300),
        (50, (41, 50), 300),
        (51, (51, 60), 400),
        (101, (101, 110), 900),
    ],
)
def test_per_application_band_edges(ordinal, band, unit_fee):
    first, last, fee = per_application_band(ordinal)
    assert (first, last) == band
    assert fee == Decimal(unit_fee)


# (件 already made this month, 件 in this application) → 元, progressive across band edges.
@pytest.mark.parametrize(
    ("earlier", "pieces", "amount"),
    [
        (0, 1, 0),  # 1st
        (9, 1, 0),  # 10th: last free one
        (10, 1, 100),  # 11th: first charged one
        (29, 1, 100),  # 30th
        (30, 1, 200),  # 31st
        (39, 1, 200),  # 40th
        (40, 1, 300),  # 41st
        (49, 1, 300),  # 50th
        (50, 1, 400),  # 51st
        (9, 2, 100),  # 10th free + 11th 100
        (29, 2, 300),  # 30th 100 + 31st 200
        (39, 2, 500),  # 40th 200 + 41st 300
        (0, 10, 0),
        (0, 11, 100),
        (0, 30, 2000),
        (0, 31, 2200),
        (0, 40, 4000),
        (0, 41, 4300),
    ],
)
def test_fee_by_application_at_band_edges(earlier, pieces, amount):
    quote = quote_by_application(earlier_this_month=earlier, pieces=pieces)
    assert quote.method is FeeMethod.BY_APPLICATION
    assert quote.amount == quote.computed == Decimal(amount)
    assert f"合计{amount}元" in quote.explanation


# 办法 Art. 5: pages 1–30 free, 31–100 10 元/页, 101–200 20 元/页, 201+ 40 元/页, progressive.
@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (0, 0),
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (300, 6700),
    ],
)
def test_fee_by_volume_at_band_edges(pages, amount):
    quote = quote_by_volume(pages=pages, form=ProvisionForm.PAPER)
    assert quote.method is FeeMethod.BY_VOLUME
    assert quote.amount == Decimal(amount)
    assert f"合计{amount}元" in quote.explanation


def test_explanation_names_the_rule_and_each_band():
    quote = quote_by_volume(pages=150, form=ProvisionForm.EMAIL)
    assert quote.explanation == (
        "按量计收（国办函〔2020〕109号第五条，超额累进）：本次申请共150页，提供形式为电子邮件。"
        "第1至30页免费；第31至100页共70页，每页10元，计700元；第101至150页共50页，每页20元，计1000元。"
        "合计1700元。"
    )
    quote = quote_by_application(earlier_this_month=10, pieces=1)
    assert quote.explanation == (
        "按件计收（国办函〔2020〕109号第四条，同一申请人同一自然月累计，超额累进）：本次申请为本月第11件。"
        "第11件每件100元，计100元。合计100元。"
    )


@pytest.mark.parametrize("form", [ProvisionForm.PAPER, ProvisionForm.EMAIL, ProvisionForm.ELECTRONIC_COPY])
def test_volume_fee_applies_to_paper_email_and_copied_data(form):
    assert quote_by_volume(pages=31, form=form).amount == Decimal(10)


def test_volume_fee_does_not_apply_to_other_forms():
    with pytest.raises(FeeError, match="按量计收仅适用于纸质件、电子邮件或复制电子数据"):
        quote_by_volume(pages=50, form=ProvisionForm.OTHER)


def test_never_both_methods_on_one_application():
    with pytest.raises(FeeError, match="不得同时按件和按量计收"):
        quote_fee(method=FeeMethod.BY_APPLICATION, earlier_this_month=12, pages=40)
    with pytest.raises(FeeError, match="不得同时按件和按量计收"):
        quote_fee(method=FeeMethod.BY_VOLUME, pages=40, form=ProvisionForm.PAPER, earlier_this_month=12)
    with pytest.raises(FeeError, match="不得同时按件和按量计收"):
        quote_fee(method=FeeMethod.BY_VOLUME, pages=40, form=ProvisionForm.PAPER, pieces=2)


def test_quote_fee_needs_the_inputs_of_its_method():
    with pytest.raises(FeeError, match="本月已申请件数"):
        quote_fee(method=FeeMethod.BY_APPLICATION)
    with pytest.raises(FeeError, match="页数"):
        quote_fee(method=FeeMethod.BY_VOLUME, form=ProvisionForm.PAPER)


@pytest.mark.parametrize(
    ("earlier", "pieces", "pages"),
    [(-1, 1, None), (0, 0, None), (None, None, -1)],
)
def test_impossible_counts_are_refused(earlier, pieces, pages):
    with pytest.raises(FeeError):
        if pages is None:
            quote_by_application(earlier_this_month=earlier, pieces=pieces)
        else:
            quote_by_volume(pages=pages, form=ProvisionForm.PAPER)


def test_relief_is_a_manual_decision_with_a_reason():
    quote = quote_by_volume(pages=120, form=ProvisionForm.PAPER)
    waived = apply_relief(quote, Relief(reason="申请人为低保对象", payable=Decimal(0)))
    assert waived.computed == Decimal(1100)
    assert waived.amount == Decimal(0)
    assert waived.is_free
    assert waived.explanation.startswith(quote.explanation)
    assert waived.explanation.endswith("经决定减免（理由：申请人为低保对象），应缴0元。")
    reduced = quote_fee(
        method=FeeMethod.BY_VOLUME,
        pages=120,
        form=ProvisionForm.PAPER,
        relief=Relief(reason="信息涉及申请人自身生活需要", payable=Decimal(300)),
    )
    assert reduced.amount == Decimal(300)
    assert apply_relief(reduced, Relief(reason="复核后全免")).amount == Decimal(0)


@pytest.mark.parametrize(
    ("reason", "payable"), [("", Decimal(0)), ("理由", Decimal(1101)), ("理由", Decimal(-1))]
)
def test_relief_must_have_a_reason_and_stay_within_the_fee(reason, payable):
    quote = quote_by_volume(pages=120, form=ProvisionForm.PAPER)
    with pytest.raises(FeeError):
        apply_relief(quote, Relief(reason=reason, payable=payable))


def test_page_counting_default_and_configured():
    assert count_billable_pages(paper_pages=20, electronic_pages=11) == 31
    half = PageCounting(electronic_ratio=Fraction(1, 2))
    assert count_billable_pages(paper_pages=20, electronic_pages=11, counting=half) == 26  # 20 + ceil(5.5)
    with pytest.raises(FeeError):
        count_billable_pages(paper_pages=-1)


@pytest.mark.parametrize(
    ("received", "counted"),
    [
        pytest.param(date(2026, 2, 28), 1 + 12, id="february-one-plain-one-split-into-12"),
        pytest.param(date(2026, 3, 1), 0, id="new-month-starts-at-zero"),
        pytest.param(date(2026, 1, 31), 3, id="january-application-of-3-pieces"),
    ],
)
def test_pieces_are_counted_per_calendar_month_not_applications(received, counted):
    """国办函〔2020〕109号 Art. 4: the applicant's 件 in the 自然月, after 一事一申请 splitting."""
    earlier = [(date(2026, 1, 31), 3), (date(2026, 2, 1), 1), (date(2026, 2, 14), 12), (date(2025, 2, 20), 5)]
    assert pieces_earlier_in_month(received=received, earlier=earlier) == counted


@settings(deadline=None)  # timing varies on a shared machine
@given(earlier=st.integers(0, 200), pieces=st.integers(1, 60), more=st.integers(1, 60))
def test_fee_by_application_is_additive_and_monotone(earlier, pieces, more):
    whole = quote_by_application(earlier_this_month=earlier, pieces=pieces + more).amount
    first = quote_by_application(earlier_this_month=earlier, pieces=pieces).amount
    rest = quote_by_application(earlier_this_month=earlier + pieces, pieces=more).amount
    assert whole == first + rest
    assert quote_by_application(earlier_this_month=earlier + 1, pieces=pieces).amount >= first
    expected = sum(per_application_band(n)[2] for n in range(earlier + 1, earlier + pieces + 1))
    assert first == expected


@settings(deadline=None)  # timing varies on a shared machine
@given(pages=st.integers(0, 2000), more=st.integers(0, 300))
def test_fee_by_volume_is_monotone_with_rising_marginal_rate(pages, more):
    fee = quote_by_volume(pages=pages, form=ProvisionForm.PAPER).amount
    bigger = quote_by_volume(pages=pages + more, form=ProvisionForm.PAPER).amount
    assert bigger >= fee
    next_page = quote_by_volume(pages=pages + 1, form=ProvisionForm.PAPER).amount - fee
    after = quote_by_volume(pages=pages + 2, form=ProvisionForm.PAPER).amount
    assert after - (fee + next_page) >= next_page


@settings(deadline=None)  # timing varies on a shared machine
@given(
    method=st.sampled_from(FeeMethod),
    earlier=st.none() | st.integers(0, 100),
    pieces=st.none() | st.integers(1, 20),
    pages=st.none() | st.integers(0, 500),
    form=st.none() | st.sampled_from([ProvisionForm.PAPER, ProvisionForm.EMAIL]),
)
def test_a_quote_uses_exactly_one_method(method, earlier, pieces, pages, form):
    try:
        quote = quote_fee(method=method, earlier_this_month=earlier, pieces=pieces, pages=pages, form=form)
    except FeeError:
        other_inputs = (pages, form) if method is FeeMethod.BY_APPLICATION else (earlier, pieces)
        own_missing = (
            earlier is None if method is FeeMethod.BY_APPLICATION else (pages is None or form is None)
        )
        assert any(value is not None for value in other_inputs) or own_missing
        return
    assert quote.method is method
    if method is FeeMethod.BY_APPLICATION:
        assert pages is None and form is None
        assert quote.amount == quote_by_application(earlier_this_month=earlier, pieces=pieces or 1).amount
        assert all(charge.unit == "件" for charge in quote.charges)
    else:
        assert earlier is None and pieces is None
        assert quote.amount == quote_by_volume(pages=pages, form=form).amount
        assert all(charge.unit == "页" for charge in quote.charges)
