"""The inspection object pool (检查对象名录) and the inspector pool (执法检查人员名录) as reference data:
list, form and audited saves come from core.refdata. Conflicts (回避) have their own page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.identifiers import is_valid_credit_code
from gongkai.core.refdata import RefData, RefDataForm
from gongkai.enforcement.models import InspectionObject, Inspector


class InspectionObjectForm(RefDataForm):
    class Meta:
        model = InspectionObject
        fields = ["code", "credit_code", "name", "category", "industry", "district", "is_active"]
        error_messages = {"code": {"unique": _("该名录编号已被使用。")}}

    def clean_code(self):
        code = self.cleaned_data["code"]
        if "," in code or '"' in code:
            raise forms.ValidationError(_("名录编号不能含有逗号或引号。"))
        return code

    def clean_credit_code(self):
        code = (self.cleaned_data.get("credit_code") or "").upper()
        if code and not is_valid_credit_code(code):
            raise forms.ValidationError(_("统一社会信用代码无效（GB 32100-2015 校验位不符）。"))
        return code


class InspectorForm(RefDataForm):
    class Meta:
        model = Inspector
        fields = ["code", "name", "certificate", "department", "is_active"]
        error_messages = {"code": {"unique": _("该人员编号已被使用。")}}


OBJECTS = RefData(
    key="enforcement-objects",
    model=InspectionObject,
    form=InspectionObjectForm,
    title=_("双随机检查对象名录"),
    columns=("code", "name", "credit_code", "category", "industry", "district", "is_active"),
    search=("code", "name", "credit_code"),
    action="enforcement.object",
    order=40,
)
INSPECTORS = RefData(
    key="enforcement-inspectors",
    model=Inspector,
    form=InspectorForm,
    title=_("双随机执法检查人员名录"),
    columns=("code", "name", "certificate", "department", "is_active"),
    search=("code", "name"),
    action="enforcement.inspector",
    order=41,
)
ENTRIES = (OBJECTS, INSPECTORS)
