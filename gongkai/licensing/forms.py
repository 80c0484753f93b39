"""Forms of the staff console and the public lookup. Every text field is NFKC-normalised and refuses
control, bidi and zero-width characters (core.refdata.normalise_text) before validation; the business
rules (credit-code check, dates, the published-state rule) live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.refdata import normalise_text
from gongkai.licensing.models import (
    Application,
    Decision,
    DisclosureReport,
    Item,
    Licence,
    Obligation,
    PartyCategory,
    WasteCategory,
    WasteCode,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"})


class CleanForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                read = field.to_python
                field.to_python = lambda value, read=read: normalise_text(read(value))


def _date(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DATE, help_text=help_text)


class DecisionForm(CleanForm):
    item = forms.ChoiceField(label=_("事项"), choices=Item.choices)
    action = forms.ChoiceField(label=_("决定类型"), choices=Decision.Action.choices)
    application_number = forms.CharField(
        label=_("办件申请编号"),
        max_length=40,
        required=False,
        help_text=_("该决定对应的一网通办办件（可选）。"),
    )
    party_name = forms.CharField(label=_("行政相对人名称"), max_length=200)
    party_category = forms.ChoiceField(label=_("行政相对人类别"), choices=PartyCategory.choices)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=_("自然人不填；公开时自然人姓名只显示姓氏。"),
    )
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    document_title = forms.CharField(label=_("行政许可决定文书名称"), max_length=200)
    document_number = forms.CharField(
        label=_("行政许可决定文书号"), max_length=80, required=False, help_text=_("不填则按年度自动编号。")
    )
    licence_category = forms.ChoiceField(label=_("许可类别"), choices=Decision.LicenceCategory.choices)
    certificate_name = forms.CharField(label=_("许可证书名称"), max_length=100, required=False)
    certificate_number = forms.CharField(label=_("许可编号"), max_length=60, required=False)
    content = forms.CharField(label=_("许可内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = _date(_("许可决定日期"))
    valid_from = _date(_("有效期自"), required=False)
    valid_to = _date(_("有效期至"), required=False)
    remarks = forms.CharField(label=_("备注"), max_length=500, required=False)


class CorrectionForm(DecisionForm):
    reason = forms.CharField(
        label=_("更正原因"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("修改已公示的决定时必填，将随更正记录公开。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["application_number"]
        del self.fields["item"]
        del self.fields["action"]


class LicenceForm(CleanForm):
    kind = forms.ChoiceField(label=_("许可证种类"), choices=Licence.Kind.choices)
    number = forms.CharField(label=_("许可证编号"), max_length=60)
    holder_name = forms.CharField(label=_("持证单位"), max_length=200)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    address = forms.CharField(label=_("经营设施地址"), max_length=200, required=False)
    valid_from = _date(_("有效期自"))
    valid_to = _date(_("有效期至"))
    business_mode = forms.CharField(
        label=_("经营方式"),
        max_length=100,
        required=False,
        help_text=_("危险废物经营许可证：收集、贮存、利用、处置等。"),
    )
    capacity_tpa = forms.DecimalField(
        label=_("经营规模（吨/年）"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("危险废物类别"),
        queryset=WasteCategory.objects.filter(is_active=True),
        required=False,
        help_text=_("按现行《国家危险废物名录》，类别和代码在基础数据中维护。"),
    )
    codes = forms.ModelMultipleChoiceField(
        label=_("危险废物代码"), queryset=WasteCode.objects.filter(is_active=True), required=False
    )
    scope = forms.CharField(
        label=_("种类和范围"), max_length=300, required=False, help_text=_("辐射安全许可证的许可种类和范围。")
    )
    decided_on = _date(_("许可决定日期"))
    document_number = forms.CharField(
        label=_("行政许可决定文书号"), max_length=80, required=False, help_text=_("不填则按年度自动编号。")
    )
    application_number = forms.CharField(label=_("办件申请编号"), max_length=40, required=False)


class LicenceActionForm(CleanForm):
    action = forms.ChoiceField(
        label=_("决定类型"),
        choices=[
            (a.value, a.label)
            for a in (Decision.Action.CHANGE, Decision.Action.RENEW, Decision.Action.REVOKE)
        ],
    )
    decided_on = _date(_("许可决定日期"))
    valid_to = _date(_("有效期至"), required=False, help_text=_("延续时填写新的有效期至。"))
    business_mode = forms.CharField(label=_("经营方式"), max_length=100, required=False)
    capacity_tpa = forms.DecimalField(
        label=_("经营规模（吨/年）"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("危险废物类别"), queryset=WasteCategory.objects.filter(is_active=True), required=False
    )
    scope = forms.CharField(label=_("种类和范围"), max_length=300, required=False)
    document_number = forms.CharField(label=_("行政许可决定文书号"), max_length=80, required=False)
    reason = forms.CharField(label=_("理由"), max_length=500, required=False, help_text=_("撤销时必填。"))


class ApplicationForm(CleanForm):
    number = forms.CharField(
        label=_("申请编号"),
        max_length=40,
        required=False,
        help_text=_("一网通办的办件编号；不填则自动编号。"),
    )
    item = forms.ChoiceField(label=_("事项"), choices=Item.choices)
    applicant_name = forms.CharField(label=_("申请单位"), max_length=200)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    received_on = _date(_("受理日期"))


class ApplicationStatusForm(CleanForm):
    status = forms.ChoiceField(label=_("办理状态"), choices=Application.Status.choices)
    concluded_on = _date(_("办结日期"), required=False)


class ObligationForm(CleanForm):
    year = forms.IntegerField(label=_("名单年度"), min_value=2022, max_value=2100)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    name = forms.CharField(
        label=_("企业名称"), max_length=200, required=False, help_text=_("不填则取企业名录中的名称。")
    )
    district = forms.CharField(label=_("所在区县"), max_length=50, required=False)
    basis = forms.ChoiceField(label=_("纳入依据"), choices=Obligation.Basis.choices)


class ReportForm(CleanForm):
    year = forms.IntegerField(label=_("名单年度"), min_value=2022, max_value=2100)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    kind = forms.ChoiceField(label=_("报告类型"), choices=DisclosureReport.Kind.choices)
    disclosed_on = _date(_("披露日期"))
    event = forms.ChoiceField(
        label=_("临时报告事项"), choices=[("", "-"), *DisclosureReport.Event.choices], required=False
    )
    event_date = _date(
        _("收到法律文书日期"), required=False, help_text=_("临时报告必填：自该日起5个工作日内披露。")
    )
    summary = forms.CharField(label=_("内容摘要"), max_length=500, required=False)
    link = forms.URLField(label=_("披露系统链接"), required=False, assume_scheme="https")


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("数据文件"),
        help_text=_(
            "CSV（UTF-8 或 GB 18030）或 XLSX，首行为列名：year, credit_code, kind（annual 或 temporary）, "
            "disclosed_on, event, event_date, summary, link。正确的行导入，错误的行按行号列出。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不得超过 5 MB。"))
        return upload


class ObligationUploadForm(ReportUploadForm):
    file = forms.FileField(
        label=_("数据文件"),
        help_text=_(
            "CSV（UTF-8 或 GB 18030）或 XLSX，首行为列名：year, credit_code, name, district, basis"
            "（key_polluter 等代码或“重点排污单位”等名称）。正确的行导入，错误的行按行号列出。"
        ),
    )


class TokenForm(CleanForm):
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)


class LookupForm(CleanForm):
    item = forms.ChoiceField(label=_("事项"), choices=Item.choices)
    number = forms.CharField(label=_("申请编号"), max_length=40)

    def clean_number(self):
        number = self.cleaned_data["number"].strip().upper()
        if not number.replace("-", "").isalnum() or not number.isascii():
            raise forms.ValidationError(_("申请编号只能由字母、数字和“-”组成。"))
        return number


class WasteCatalogueForm(CleanForm):
    edition = forms.CharField(label=_("名录版本"), max_length=40, help_text=_("例如：2025年版"))
    file = forms.FileField(
        label=_("CSV文件"),
        help_text=_(
            "UTF-8编码，首行为列名：废物类别, 类别名称, 废物代码, 危险废物。按现行《国家危险废物名录》整理；"
            "文件中没有的类别和代码标为非现行，不删除。"
        ),
    )
