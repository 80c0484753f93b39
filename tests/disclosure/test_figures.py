"""Annual report table 二, 第二十条第（一）项: 规章 and 行政规范性文件 issued this year, repealed this year,
in force at the end of the year — computed from the documents for any year."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.disclosure import queries
from gongkai.disclosure.figures import NormativeRecord, Table2Row, table2_rows
from gongkai.disclosure.models import DocType, Validity


def record(doc_type="normative", formed=date(2026, 3, 1), validity="valid", ceased=None):
    return NormativeRecord(doc_type, formed, validity, ceased)


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
    return record(doc_type=draw(st.sampled_from(["regulation", "normative"])), formed=formed,
                  validity=validity, ceased=ceased)  # fmt: skip


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
