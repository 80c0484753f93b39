"""索引号: organisation code + year + serial by default, configurable, unique, never reused, and
safe when several processes allocate at once."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections
from django.test import override_settings

from gongkai.core.models import Organisation
from gongkai.core.sequences import NOT_YEARLY, current_value
from gongkai.disclosure import indexnumbers, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(db):
    organisation = Organisation.current()
    organisation.credit_code = "11990100MB0000001T"
    organisation.save()
    return organisation


def test_the_default_pattern_is_organisation_code_year_and_serial(organisation):
    assert indexnumbers.allocate(year=2026) == "11990100MB0000001T-2026-00001"
    assert indexnumbers.allocate(year=2026) == "11990100MB0000001T-2026-00002"
    assert indexnumbers.allocate(year=2025) == "11990100MB0000001T-2025-00001"


def test_the_pattern_is_configurable(organisation):
    with override_settings(DISCLOSURE_INDEX_PATTERN="{org}/{year}-{serial:04d}"):
        assert indexnumbers.allocate(year=2026) == "11990100MB0000001T/2026-0001"
    with override_settings(DISCLOSURE_INDEX_PATTERN="HB{serial:06d}"):
        assert indexnumbers.allocate(year=2026) == "HB000001"
        assert indexnumbers.allocate(year=2027) == "HB000002"  # no year: one running serial


@pytest.mark.parametrize("pattern", ["{org}-{year}", "{org}-{serial}-{month}"])
def test_a_pattern_without_serial_or_with_unknown_fields_is_refused(pattern):
    with pytest.raises(ValueError):
        indexnumbers.check_pattern(pattern)


def test_a_number_taken_by_an_imported_document_is_skipped_never_reused(organisation, make_draft, publish):
    document = make_draft()
    document.index_number = "11990100MB0000001T-2026-00001"
    document.save()
    assert indexnumbers.allocate(year=2026) == "11990100MB0000001T-2026-00002"
    # A withdrawn or deleted document does not give its number back: the counter only grows.
    assert current_value("disclosure.index:11990100MB0000001T-2026-#", NOT_YEARLY) == 2


def test_publication_numbers_documents_by_the_year_formed(organisation, make_draft, publish):
    first = publish(make_draft(date_formed=date(2025, 12, 30)))
    second = publish(make_draft(title="第二份", date_formed=date(2026, 1, 5)))
    assert first.index_number == "11990100MB0000001T-2025-00001"
    assert second.index_number == "11990100MB0000001T-2026-00001"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="row locks between connections: PostgreSQL",
)
def test_concurrent_allocation_never_hands_out_a_number_twice():
    organisation = Organisation.current()
    organisation.credit_code = "11990100MB0000001T"
    organisation.save()
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            for _ in range(10):
                results.append(indexnumbers.allocate(year=2026))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 80 and len(set(results)) == 80
    assert sorted(int(number[-5:]) for number in results) == list(range(1, 81))
    assert current_value("disclosure.index:11990100MB0000001T-2026-#", NOT_YEARLY) == 80
    assert connection.vendor == "postgresql"


def test_the_pattern_may_carry_a_category_and_a_published_number_never_changes(
    organisation, make_draft, publish, editor, catalogue
):
    """ "机构代码-类别-年份-流水号": the category is the catalogue row's top-level code (or its whole code);
    each category counts on its own; a revision moving the document, or a new pattern, keeps its number."""
    with override_settings(DISCLOSURE_INDEX_PATTERN="{org}-{category}-{year}-{serial:05d}"):
        rules = publish(make_draft())  # 03.02
        permit = publish(make_draft(title="环评批复", catalogue_item=catalogue["05.01.01"]))
        assert rules.index_number == "11990100MB0000001T-03-2026-00001"
        assert permit.index_number == "11990100MB0000001T-05-2026-00001"
        with override_settings(DISCLOSURE_INDEX_CATEGORY="item"):
            assert (
                indexnumbers.allocate(year=2026, item_code="05.01.01")
                == "11990100MB0000001T-050101-2026-00001"
            )
        draft = services.start_revision(actor=editor, document=rules, reason="调整目录事项")
        services.update_document(actor=editor, document=draft, catalogue_item=catalogue["05.01.01"])
        publish(draft)
    rules.refresh_from_db()
    assert rules.catalogue_item == catalogue["05.01.01"]
    assert rules.index_number == "11990100MB0000001T-03-2026-00001"  # the default pattern now: unchanged
