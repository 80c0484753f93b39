"""The staff pages' translated labels (applications/labels.py, core/texts.py) give, in Chinese, exactly
the text of the pure modules they translate, so the Chinese interface is unchanged; in English they
give English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from gongkai.applications import clock, fees, labels
from gongkai.applications.outcomes import ReplyOutcome, outcome_label
from gongkai.core.labelled import Text, gettext_noop
from gongkai.core.texts import translated

PAPER, EMAIL, COPY = fees.ProvisionForm.PAPER, fees.ProvisionForm.EMAIL, fees.ProvisionForm.ELECTRONIC_COPY
QUOTES = [  # (quote, pages, form): per application at the band edges, by volume, with relief
    (fees.quote_by_application(earlier_this_month=0, pieces=1), None, EMAIL),
    (fees.quote_by_application(earlier_this_month=9, pieces=25), None, EMAIL),
    (fees.quote_by_application(earlier_this_month=40, pieces=1), None, EMAIL),
    (fees.quote_by_volume(pages=30, form=PAPER), 30, PAPER),
    (fees.quote_by_volume(pages=31, form=EMAIL), 31, EMAIL),
    (fees.quote_by_volume(pages=250, form=COPY), 250, COPY),
    (
        fees.apply_relief(fees.quote_by_volume(pages=150, form=PAPER), fees.Relief("Hardship", Decimal(100))),
        150,
        PAPER,
    ),
]


@pytest.mark.parametrize("outcome", list(ReplyOutcome))
def test_outcome_names_are_unchanged_in_chinese_and_translated_in_english(outcome):
    with translation.override("zh-hans"):
        assert labels.outcome_display(outcome) == outcome_label(outcome)
    with translation.override("en"):
        shown = labels.outcome_display(outcome)
    assert shown and not any("\u4e00" <= char <= "\u9fff" for char in shown), shown


@pytest.mark.parametrize(("quote", "pages", "form"), QUOTES, ids=lambda value: str(value)[:12])
def test_fee_explanations_are_unchanged_in_chinese_and_translated_in_english(quote, pages, form):
    with translation.override("zh-hans"):
        assert labels.quote_explanation(quote, pages=pages, form=form) == quote.explanation
    with translation.override("en"):
        shown = labels.quote_explanation(quote, pages=pages, form=form)
    assert "yuan" in shown and not any("\u4e00" <= char <= "\u9fff" for char in shown), shown


def test_a_clock_message_keeps_its_chinese_text_and_shows_in_english_with_the_date_format():
    message = Text(gettext_noop("等待申请人在%(day)s前补正"), day=date(2026, 3, 1))
    assert message == "等待申请人在2026年3月1日前补正"  # what the pure module stores and compares
    with translation.override("zh-hans"):
        assert translated(message) == message
    with translation.override("en"):
        assert translated(message) == "Awaiting the applicant's supplement by March 1, 2026."


def test_an_iso_date_and_a_list_keep_the_chinese_text_and_show_in_english():
    """A PITI fix: its date stays 2026-03-01 in Chinese (as the table always wrote it), a list is joined
    with 、; in English the date follows DATE_FORMAT and each item of the list is translated."""
    from gongkai.core.piti import iso

    late = gettext_noop("%(number)s：%(published)s公示，晚于期限%(due)s")
    fix = Text(late, number="X1", published=iso(date(2026, 3, 1)), due=iso(date(2026, 2, 27)))
    fields = [gettext_noop("违法事实"), gettext_noop("处罚依据")]
    missing = Text(gettext_noop("%(number)s：缺少%(missing)s"), number="X2", missing=fields)
    assert (fix, missing) == ("X1：2026-03-01公示，晚于期限2026-02-27", "X2：缺少违法事实、处罚依据")
    with translation.override("zh-hans"):
        assert (translated(fix), translated(missing)) == (fix, missing)
    with translation.override("en"):
        assert translated(fix) == "X1: published on March 1, 2026, after the deadline of Feb. 27, 2026"
        assert translated(missing) == "X2: missing Facts of the violation, Legal basis"


def test_the_expected_action_of_a_running_case_is_a_translatable_text(calendar):
    state = clock.compute(
        [clock.ClockEvent(clock.EventKind.RECEIVED, date(2026, 10, 20))],
        calendar=calendar,
        today=date(2026, 10, 20),
    )
    (action,) = state.expected_actions
    assert action.message == "应于2026年11月17日前（含当日）答复申请人（条例第三十三条）"
    with translation.override("en"):
        assert (
            translated(action.message)
            == "Reply to the applicant by Nov. 17, 2026 inclusive (Regulations Art. 33)."
        )
