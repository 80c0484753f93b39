"""Annual report table 二, 第二十条第（一）项: 规章 and 行政规范性文件 issued this year, repealed this year,
in force at the end of the year — computed from the documents for any year."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.disclosure import queries, services
from gongkai.disclosure.figures import NormativeRecord, Table2Row, table2_rows
from gongkai.disclosure.models import DocType, Validity


def record(doc_type="normative", formed=date(2026, 3, 1), validity="valid", ceased=None, valid_until=None):
    return NormativeRecord(doc_type, formed, validity, ceased, valid_until)


def test_the_rows_are_the_formats_two_rows_in_order():
    assert [row.label for row in table2_rows([], 2026)] == ["规章", "行政规范性文件"]


def test_issued_repealed_and_in_force():
    records = [
        record(formed=date(2026, 3, 1)),  # issued 2026, in force
        record(formed=date(2024, 5, 1), validity="repealed", ceased=date(2026, 3, 1)),  # repealed 2026
        record(formed=date(2025, 1, 1), validity="expired", ceased=date(2027, 1, 1)),  # expires later
        record(formed=date(2026, 2, 1), validity="repealed", ceased=date(2026, 11, 1)),  # both in 2026
        record(doc_type="regulation", formed=date(2020, 1, 1)),
    ]
    regulation, normative = table2_rows(records, 2026)
    assert regulation == Table2Row("规章", issued=0, repealed=0, in_force=1)
    assert normative == Table2Row("行政规范性文件", issued=2, repealed=2, in_force=2)
    assert table2_rows(records, 2025)[1] == Table2Row("行政规范性文件", issued=1, repealed=0, in_force=2)


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def records_strategy(draw):
    formed = draw(days)
    validity = draw(st.sampled_from(["valid", "expired", "repealed"]))
    ceased = None if validity == "valid" else draw(st.dates(min_value=formed, max_value=date(2031, 12, 31)))
    until = draw(st.none() | st.dates(min_value=formed, max_value=date(2031, 12, 31)))
    return record(doc_type=draw(st.sampled_from(["regulation", "normative"])), formed=formed,
                  validity=validity, ceased=ceased, valid_until=until)  # fmt: skip


@given(st.lists(records_strategy(), max_size=30), st.integers(min_value=2016, max_value=2030))
def test_in_force_follows_from_last_year_plus_issued_minus_repealed(records, year):
    for now, before in zip(table2_rows(records, year), table2_rows(records, year - 1), strict=True):
        assert now.in_force == before.in_force + now.issued - now.repealed


@pytest.mark.django_db
def test_figures_come_from_published_documents_only(make_draft, publish, editor):
    publish(make_draft(doc_type=DocType.NORMATIVE, validity=Validity.VALID, date_formed=date(2026, 3, 2)))
    publish(
        make_draft(
            title="旧规定",
            doc_type=DocType.NORMATIVE,
            validity=Validity.REPEALED,
            date_formed=date(2023, 3, 2),
            ceased_on=date(2026, 6, 1),
        )
    )
    make_draft(
        title="草稿不计", doc_type=DocType.NORMATIVE, validity=Validity.VALID, date_formed=date(2026, 4, 1)
    )
    publish(make_draft(title="其他文件不计", date_formed=date(2026, 4, 1)))
    regulation, normative = queries.table2(year=2026)
    assert (normative.issued, normative.repealed, normative.in_force) == (1, 1, 1)
    assert (regulation.issued, regulation.repealed, regulation.in_force) == (0, 0, 0)


def test_a_document_whose_valid_until_ran_out_counts_as_ceased_the_day_after():
    lapsing = record(formed=date(2024, 3, 1), valid_until=date(2026, 12, 31))
    assert table2_rows([lapsing], 2026)[1] == Table2Row("行政规范性文件", issued=0, repealed=0, in_force=1)
    assert table2_rows([lapsing], 2027)[1] == Table2Row("行政规范性文件", issued=0, repealed=1, in_force=0)


@pytest.mark.django_db
def test_table2_counts_the_organs_own_documents_withdrawn_ones_included(make_draft, publish, leader):
    withdrawn = publish(
        make_draft(
            title="已撤回的规定",
            doc_type=DocType.NORMATIVE,
            validity=Validity.VALID,
            date_formed=date(2026, 3, 2),
        )
    )
    services.withdraw_document(actor=leader, document=withdrawn, reason="网站栏目调整，移至专栏")
    publish(
        make_draft(
            title="市政府文件（转载）",
            issuing_organ="示例市人民政府办公室",
            doc_type=DocType.NORMATIVE,
            validity=Validity.VALID,
            date_formed=date(2026, 4, 1),
        )
    )
    _, normative = queries.table2(year=2026)
    assert (normative.issued, normative.repealed, normative.in_force) == (1, 0, 1)


@pytest.mark.django_db
def test_a_frozen_table2_year_keeps_its_figures_after_a_later_withdrawal(
    make_draft, publish, editor, leader, make_staff
):
    """The 2025 figures were reported and frozen; in 2026 a 2025 rule is found to have been repealed in
    2025 and corrected, and another is withdrawn: last year's 现行有效 stays what was reported."""
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from gongkai.core.errors import DomainError

    first = publish(
        make_draft(
            title="规定一", doc_type=DocType.NORMATIVE, validity=Validity.VALID, date_formed=date(2025, 3, 3)
        )
    )
    publish(
        make_draft(
            title="规定二", doc_type=DocType.NORMATIVE, validity=Validity.VALID, date_formed=date(2025, 6, 2)
        )
    )
    with pytest.raises(PermissionDenied):
        services.freeze_table2(actor=editor, year=2025)
    with pytest.raises(DomainError):  # the current year has not ended
        services.freeze_table2(actor=leader, year=timezone.localdate().year)
    services.freeze_table2(actor=leader, year=2025)
    with pytest.raises(DomainError):
        services.freeze_table2(actor=leader, year=2025)

    draft = services.start_revision(actor=editor, document=first, reason="更正有效性：已于2025年废止")
    services.update_document(
        actor=editor, document=draft, validity=Validity.REPEALED, ceased_on=date(2025, 10, 1)
    )
    publish(draft)
    live = queries.table2_live(year=2025)[1]
    assert (live.repealed, live.in_force) == (1, 1)
    reported = queries.table2(year=2025)[1]
    assert (reported.issued, reported.repealed, reported.in_force) == (2, 0, 2)
    # the annual report (core.yearly) reads the frozen figures
    from gongkai.core import yearly

    contributed = next(c for contributor, c in yearly.collect(2025) if contributor.key == "disclosure")
    assert contributed.table2["normative_documents"] == {"issued": 2, "repealed": 0, "in_force": 2}
    assert contributed.table2["rules"] == {"issued": 0, "repealed": 0, "in_force": 0}
