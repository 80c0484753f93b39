from __future__ import annotations

import pytest

# The air and disclosure fixtures, for the tests of their importers on intake.
from tests.air.conftest import city  # noqa: F401
from tests.disclosure.conftest import admin_user, catalogue  # noqa: F401


@pytest.fixture
def register(monkeypatch):
    """`register(Importer(...))` for one test: the registry is restored afterwards."""
    from gongkai.intake import registry

    def add(importer):
        monkeypatch.setitem(registry._importers, importer.key, importer)
        return importer

    return add


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run the jobs queued in the block (Huey is immediate under test; the queueing waits for commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
