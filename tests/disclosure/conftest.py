"""Fixtures of 主动公开: one account per role, a small catalogue, drafts and files with personal
data, and a helper that takes a draft through the whole workflow."""

from __future__ import annotations

import io
from datetime import date

import pytest

from gongkai.disclosure import services
from gongkai.disclosure.models import DocType, Validity

# GB 11643-1999 example number with a valid check character.
RESIDENT_ID = "11010519491231002X"
MOBILE = "13912345678"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached public lists (filter choices, tree counts) must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", username="bianji", full_name="王编辑", department="办公室")


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer", username="shencha", full_name="李审查")


@pytest.fixture
def leader(make_staff):
    return make_staff("leader", username="lingdao", full_name="孙局长")


@pytest.fixture
def admin_user(make_staff):
    return make_staff("administrator", username="guanli")


@pytest.fixture
def catalogue(admin_user):
    """Two branches: 03.02 法规文件 (20 working days) and 05.01.01 环评审批 under 05.01."""
    items = {}
    for code, name, department in (
        ("03", "法定主动公开内容", "办公室"),
        ("03.02", "法规文件", "法规科"),
        ("05", "标准目录", "办公室"),
        ("05.01", "行政许可", "审批科"),
        ("05.01.01", "建设项目环境影响评价文件审批", "审批科"),
    ):
        items[code] = services.save_catalogue_item(
            actor=admin_user, code=code, name=name, department=department, channels=["政府网站"]
        )
    return items


@pytest.fixture
def make_draft(editor, catalogue):
    def make(actor=None, **fields):
        defaults = {
            "title": "示例市生态环境局关于加强建设项目环评管理的通知",
            "catalogue_item": catalogue["03.02"],
            "issuing_organ": "示例市生态环境局",
            "document_number": "示环发〔2026〕1号",
            "date_formed": date(2026, 9, 28),
            "doc_type": DocType.OTHER,
            "body": "<p>各区县分局：为加强排污许可管理，现就有关事项通知如下。</p>",
        }
        defaults.update(fields)
        return services.create_document(actor=actor or editor, **defaults)

    return make


@pytest.fixture
def publish(reviewer, leader):
    """`publish(document, when=None)`: submit, clear the gate by redacting, pass review, approve."""
    from django.utils import timezone

    def run(document, when=None):
        services.submit_for_review(actor=document.created_by, document=document)
        services.redact_all(actor=reviewer, document=document)
        services.pass_review(actor=reviewer, document=document, note="经审查，可以公开。")
        return services.approve_document(actor=leader, document=document, now=when or timezone.now())

    return run


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def normative(make_draft):
    def make(**fields):
        return make_draft(doc_type=DocType.NORMATIVE, validity=Validity.VALID, **fields)

    return make


@pytest.fixture(scope="session")
def calendar_2024_2026():
    """The pure calendar of 2024–2026 as the chinese-calendar package has it (no database)."""
    from gongkai.workcalendar.seed import package_years
    from gongkai.workcalendar.workdays import WorkdayCalendar

    years = package_years()
    covered = (2024, 2025, 2026)
    return WorkdayCalendar(covered, [day for year in covered for day in years[year]])
