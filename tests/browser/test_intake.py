"""The import progress page in a real browser: htmx polls the job's status (CSP enforced, no inline
script), the row count moves without a reload, and polling stops when the job has ended."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]


def test_the_job_page_shows_live_progress_until_the_job_ends(page, login):
    from gongkai.core.models import User
    from gongkai.intake.models import ImportJob

    officer = User.objects.get(username="data")
    job = ImportJob.objects.create(
        importer="air.observations",
        uploaded_by=officer,
        filename="一月.csv",
        status="running",
        rows_total=12000,
    )
    login(page, "data")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.goto(f"/staff/intake/jobs/{job.pk}/")
    expect(page.locator("#intake-job")).to_contain_text("已处理 0 / 12000 行")
    ImportJob.objects.filter(pk=job.pk).update(rows_done=5000)
    expect(page.locator("#intake-job")).to_contain_text("已处理 5000 / 12000 行", timeout=6000)
    ImportJob.objects.filter(pk=job.pk).update(
        status="failed", reason="后台任务已停止（超过 30 分钟无进展），请重新上传。"
    )
    expect(page.locator("#intake-job [role=alert]")).to_contain_text("后台任务已停止", timeout=6000)
    expect(page.locator("#intake-job")).not_to_have_attribute("hx-trigger", re.compile("every"))
