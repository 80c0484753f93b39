from __future__ import annotations

import pytest
from django.core.management import call_command

from tests import demo_snapshot


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, demo_snapshot_dropped_at_end):
    """The demo data, committed once per module (restored from the run's copy, tests/demo_snapshot.py);
    each test runs in a transaction on top of it, and the module ends with a flush, as a
    transactional test does (post_migrate included)."""
    with django_db_blocker.unblock():
        demo_snapshot.load_demo()
        yield
        call_command("flush", verbosity=0, interactive=False, database="default")
