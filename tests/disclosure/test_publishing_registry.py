"""core.publishing through the 主动公开 app: another app's record becomes a draft that waits for review."""

from datetime import date

import pytest

from gongkai.core import publishing
from gongkai.core.errors import DomainError
from gongkai.disclosure.models import Document

pytestmark = pytest.mark.django_db


def _xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["统一社会信用代码", "名称"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_draft_from_another_app_waits_for_review(editor, catalogue):
    assert publishing.available()
    ref = publishing.draft(
        actor=editor,
        request=publishing.DraftRequest(
            catalogue_code="03.02",
            title="2026年重点排污单位名录",
            body_html="<p>名录见附件。</p><script>alert(1)</script>",
            date_formed=date(2026, 3, 20),
            attachments=[("名录.xlsx", _xlsx())],
            source="sources.keyunits:2026",
        ),
    )
    document = Document.objects.get(pk=ref.id)
    assert document.status == "draft" and ref.status == "draft"
    assert document.published_at is None and ref.public_url == ""
    assert "<script>" not in document.body
    assert document.current_attachments().count() == 1
    assert publishing.status(ref.id).id == ref.id
    assert publishing.status(0) is None


def test_unknown_row_is_a_chinese_error(editor, catalogue):
    with pytest.raises(DomainError, match="基本目录"):
        publishing.draft(
            actor=editor,
            request=publishing.DraftRequest(
                catalogue_code="99.99.99", title="x", body_html="<p>x</p>", date_formed=date(2026, 1, 5)
            ),
        )
