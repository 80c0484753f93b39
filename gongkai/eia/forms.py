"""Forms. Text is normalised and checked again by the services (which the API or the demo also call)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import apply_input_hints, captcha_field
from gongkai.core.identifiers import is_valid_credit_code
from gongkai.core.refdata import normalise_text
from gongkai.eia import guard
from gongkai.eia.models import DocumentKind, Kind, Project


class NormalisedForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField) and not isinstance(
                form_field.widget, forms.HiddenInput
            ):
                read = form_field.to_python
                if isinstance(form_field.widget, forms.Textarea):
                    form_field.to_python = lambda value, read=read: _normalise_block(read(value))
                else:
                    form_field.to_python = lambda value, read=read: normalise_text(read(value))


def _normalise_block(value: str) -> str:
    """Multi-line text: every line normalised (line breaks are allowed, other controls are not)."""
    return "\n".join(normalise_text(line) for line in value.replace("\r\n", "\n").split("\n")).strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProjectForm(NormalisedForm):
    kind = forms.ChoiceField(label=_("事项类别"), choices=Kind.choices)
    name = forms.CharField(label=_("项目名称"), max_length=200)
    builder = forms.CharField(label=_("建设单位"), max_length=200)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        min_length=18,
        help_text=_("建设单位的18位统一社会信用代码。"),
    )
    location = forms.CharField(label=_("建设地点"), max_length=200)
    district = forms.CharField(label=_("所在区县"), max_length=50, required=False)
    category = forms.CharField(label=_("行业类别"), max_length=100, required=False)
    document_kind = forms.ChoiceField(
        label=_("环评文件类型"),
        choices=DocumentKind.choices,
        help_text=_("辐射安全许可、危险废物经营许可选“不适用”。"),
    )
    preparer = forms.CharField(label=_("环评文件编制单位"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("项目概况"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("建设内容、主要环境影响和环境保护对策措施。"),
    )
    approval_number = forms.CharField(label=_("审批文号"), max_length=100, required=False)
    received_on = forms.DateField(label=_("受理日期"), required=False, widget=DateInput())

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].upper()
        if not is_valid_credit_code(code):
            raise forms.ValidationError(_("统一社会信用代码不正确（18位，末位校验码须符合GB 32100-2015）。"))
        return code

    @classmethod
    def initial_for(cls, project: Project) -> dict:
        return {name: getattr(project, name) for name in cls.base_fields}


class NoticeForm(NormalisedForm):
    formed_on = forms.DateField(
        label=_("信息形成日期"),
        widget=DateInput(),
        help_text=_("受理、拟作出审批意见、审批决定或验收的日期。"),
    )
    body = forms.CharField(label=_("公示内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    comment_channel = forms.CharField(
        label=_("公众提出意见的方式和途径"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("网站意见表之外的途径，如信函地址、电子邮箱（本机关的联系方式）。"),
    )
    hearing_text = forms.CharField(
        label=_("听证权利告知"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("拟审批公示：留空则使用默认文本。"),
    )
    remedy_text = forms.CharField(
        label=_("救济途径告知"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("审批决定公告：留空则使用默认文本（行政复议和行政诉讼）。"),
    )
    document = forms.FileField(
        label=_("附件（PDF）"),
        required=False,
        help_text=_("受理公示：环境影响评价文件全本；审批决定公告：审批决定文件；验收：验收报告。"),
    )


class PublishForm(NormalisedForm):
    override_reason = forms.CharField(
        label=_("隐私审查放行理由"),
        required=False,
        max_length=500,
        help_text=_("仅当隐私审查发现可能的个人信息且确需公开时填写（保密审查员）。"),
    )


class CommentForm(NormalisedForm):
    """The public's opinion. Name and contact are required and never published."""

    name = forms.CharField(label=_("姓名或单位名称"), min_length=2, max_length=50)
    contact = forms.CharField(
        label=_("联系方式"),
        max_length=100,
        help_text=_("手机号码、固定电话或电子邮箱，仅用于联系您，不会公开。"),
    )
    content = forms.CharField(
        label=_("意见内容"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("经审核后，意见内容（不含姓名和联系方式）将与答复一并公开。请勿在意见中填写个人信息。"),
    )
    website = forms.CharField(label=_("网址（请勿填写）"), required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["captcha"] = captcha_field()
        if not self.is_bound:
            self.initial["form_token"] = guard.form_token()
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        apply_input_hints(self, {"name": "name", "contact": "contact"})

    def spam_reason(self) -> str | None:
        return guard.spam_reason(token=self.data.get("form_token", ""), honeypot=self.data.get("website", ""))


class ModerateForm(NormalisedForm):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=(("approve", _("公开")), ("reject", _("不予公开"))),
        widget=forms.RadioSelect,
    )
    published_content = forms.CharField(
        label=_("公开的意见内容"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("公开时显示的文本，可删去个人信息；留空则公开原文。"),
    )
    reason = forms.CharField(label=_("不予公开的理由"), required=False, max_length=500)


class WithdrawForm(NormalisedForm):
    reason = forms.CharField(label=_("撤回原因"), max_length=500, help_text=_("与撤回日期一并公开。"))


class AnswerForm(NormalisedForm):
    answer = forms.CharField(label=_("答复"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class CorrectionForm(NoticeForm):
    """更正 of a published notice: the texts and the PDF, with a reason; the dates stay as published."""

    reason = forms.CharField(label=_("更正原因"), max_length=500, help_text=_("与更正时间一并公开。"))
    override_reason = PublishForm.base_fields["override_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["formed_on"]
