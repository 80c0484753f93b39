"""The home page of a fresh site (no documents, no air data) answers with its empty cards (kept
apart from test_home.py, whose module-wide demo data would be visible here)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_home_page_without_any_data_still_answers():
    text = Client().get("/").text
    assert "暂无公开文件。" in text
    assert "暂无空气质量数据。" in text
    assert "暂无通知公告。" in text
