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
from gongkai.disclosure import indexnumbers

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
