from __future__ import annotations

import pytest
from django.db import transaction

from gongkai.core.demo import load_demo_data


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data, loaded once per module (the domain apps' loaders take seconds) inside a
    transaction that is rolled back afterwards; each test runs in a savepoint on top of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data()
        yield
        transaction.set_rollback(True)
