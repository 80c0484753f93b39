from __future__ import annotations

import pytest


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
