"""Publishing a document drops the public page cache (core.pagecache): the list and the home page show it
at once, not after the cache's lifetime."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_publishing_a_document_drops_the_cached_list(
    page_cache, make_draft, publish, django_capture_on_commit_callbacks
):
    assert Client().get("/zdgk/list/")[page_cache.HEADER] == "miss"
    assert Client().get("/zdgk/list/")[page_cache.HEADER] == "hit"
    document = make_draft(title="关于缓存失效测试的通知")
    with django_capture_on_commit_callbacks(execute=True):
        document = publish(document)  # now with its index number and public address
    fresh = Client().get("/zdgk/list/")
    assert fresh[page_cache.HEADER] == "miss" and "关于缓存失效测试的通知" in fresh.text
    page = Client().get(document.get_absolute_url())
    assert page.status_code == 200 and page[page_cache.HEADER] == "miss"
    assert Client().get(document.get_absolute_url())[page_cache.HEADER] == "hit"
