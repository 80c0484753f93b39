"""Reference data (core.refdata): the categories and codes of the 国家危险废物名录 in force, entered
by administrators from the published 名录 (none is hard-coded: the edition changes). No delete: a
category or code no longer in the 名录 is marked not current."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.refdata import RefData, RefDataForm
from gongkai.licensing.models import WasteCategory, WasteCode


class CategoryForm(RefDataForm):
    class Meta:
        model = WasteCategory
        fields = ["code", "name", "edition", "is_active"]
        error_messages = {"code": {"unique": _("该废物类别已存在。")}}


class CodeForm(RefDataForm):
    class Meta:
        model = WasteCode
        fields = ["category", "code", "description", "is_active"]
        error_messages = {"code": {"unique": _("该废物代码已存在。")}}


CATEGORIES = RefData(
    key="licensing-waste-categories",
    model=WasteCategory,
    form=CategoryForm,
    title=_("危险废物类别"),
    columns=("code", "name", "edition", "is_active"),
    search=("code", "name"),
    action="licensing.waste_category",
    order=40,
    help=_("按现行《国家危险废物名录》录入；名录修订后更新版本并停用不再列入的类别。"),
)

CODES = RefData(
    key="licensing-waste-codes",
    model=WasteCode,
    form=CodeForm,
    title=_("危险废物代码"),
    columns=("code", "category", "description", "is_active"),
    search=("code", "description"),
    action="licensing.waste_code",
    order=41,
    help=_("按现行《国家危险废物名录》录入废物代码。"),
)
