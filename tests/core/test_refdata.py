"""The reference-data registry (core.refdata): an entry brings its menu entry, audit labels and
pages; `save` is the one write path (permission per entry, model validation, audit record); every
text value is normalised and invisible control characters are refused. The air tables' own pages
are tested in tests/air/test_refdata.py; every refdata URL is also in the staff-URL permission tests."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.audit import labels as audit_labels
from gongkai.audit.labels import label_for
from gongkai.audit.models import AuditRecord
from gongkai.core import menu, refdata
from gongkai.core.errors import DomainError
from gongkai.core.models import Page
from gongkai.core.refdata import RefData, RefDataForm, normalise_text

pytestmark = pytest.mark.django_db


class PageTitleForm(RefDataForm):
    class Meta:
        model = Page
        fields = ["slug", "title"]


PAGES = RefData(
    key="test-pages",
    model=Page,
    form=PageTitleForm,
    title="测试页面",
    columns=("slug", "title"),
    action="test.page",
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("  万寿西宫 ", "万寿西宫"), ("１００１Ａ", "1001A"), ("ＡＢ－１", "AB-1"), ("北京　市", "北京 市")],
)
def test_text_is_nfkc_normalised_and_trimmed(typed, stored):
    assert normalise_text(typed) == stored


@pytest.mark.parametrize("hidden", ["\u200b", "\u202e", "\u2066", "\x00", "\x1b", "\ufeff", "\u00ad"])
def test_control_bidi_and_zero_width_characters_are_refused(hidden):
    with pytest.raises(ValidationError) as refused:
        normalise_text(f"站点{hidden}名称")
    assert "不可见的控制字符" in refused.value.messages[0]


def test_a_form_normalises_before_validating(administrator):
    form = PageTitleForm(
        {"slug": "guide", "title": "\u3000指南（２０２６）"}, instance=Page.objects.get(slug="guide")
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "指南(2026)"


def test_registering_adds_the_menu_entry_and_the_audit_labels(monkeypatch):
    monkeypatch.setattr(refdata, "_entries", {})
    monkeypatch.setattr(menu, "_entries", list(menu._entries))
    monkeypatch.setattr(audit_labels, "ACTION_LABELS", dict(audit_labels.ACTION_LABELS))  # no leak
    refdata.register(PAGES)
    refdata.register(PAGES)  # again: nothing changes
    assert refdata.entries() == [PAGES]
    entry = next(entry for entry in menu._entries if entry.url_name == "refdata:test-pages")
    assert (str(entry.section), entry.permission) == ("基础数据", "core.view_page")
    assert (label_for("test.page.create"), label_for("test.page.update")) == ("新增测试页面", "修改测试页面")
    with pytest.raises(ValueError, match="test-pages"):
        refdata.register(RefData("test-pages", Page, PageTitleForm, "别的", ("slug",), "test.other"))


def test_save_checks_the_permission_of_the_entry(administrator, make_staff):
    # administrators hold core.change_page but not core.add_page
    with pytest.raises(PermissionDenied):
        refdata.save(actor=administrator, entry=PAGES, data={"slug": "guide", "title": "新页面"})
    with pytest.raises(PermissionDenied):
        refdata.save(
            actor=make_staff("leader"), entry=PAGES, instance=Page.objects.get(slug="guide"), data={}
        )
    with pytest.raises(PermissionDenied):
        refdata.save(actor=None, entry=PAGES, instance=Page.objects.get(slug="guide"), data={})


def test_save_validates_again_audits_the_change_and_nothing_else(administrator):
    guide = Page.objects.get(slug="guide")
    refdata.save(actor=administrator, entry=PAGES, instance=guide, data={"title": "公开指南"})
    record = AuditRecord.objects.get(action="test.page.update")
    assert (record.before, record.after) == (f'{{"title":"{guide.title}"}}', '{"title":"公开指南"}')
    with pytest.raises(DomainError) as refused:  # the model refuses a slug that is not a choice
        refdata.save(actor=administrator, entry=PAGES, instance=guide, data={"slug": "nope"})
    assert refused.value.field == "slug"
    assert Page.objects.get(pk=guide.pk).slug == "guide"
    assert AuditRecord.objects.filter(action="test.page.update").count() == 1


def test_the_registered_tables_are_under_staff_refdata():
    assert reverse("refdata:air-stations") == "/staff/refdata/air-stations/"
    assert reverse("refdata:air-stations_edit", args=[3]) == "/staff/refdata/air-stations/3/"
