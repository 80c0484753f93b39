"""Forms of 依申请公开. The application's content rules live in `validation.py` and are applied here field
by field, so the public form, the API and staff registration give the same Chinese messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.applications import clock, fees, files, guard, labels, letters, validation
from gongkai.applications.models import (
    Appeal,
    ApplicantType,
    Attachment,
    Channel,
    Consultation,
    Delivery,
    DeliveryMethod,
    IdType,
    OrganisationKind,
    ProvisionForm,
)
from gongkai.applications.outcomes import OutcomeGroup, ReplyOutcome
from gongkai.core.forms import apply_input_hints


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={
            "required": _("请填写%(label)s。") % {"label": label},
            "invalid": _("日期格式应为YYYY-MM-DD。"),
        },
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _choices(enum, blank: str | None = None):
    choices = list(enum.choices)
    return [("", blank), *choices] if blank else choices


def _required(label: str) -> dict:
    return {"required": label}


def outcome_choices(groups=tuple(OutcomeGroup), only=None):
    """The statutory outcomes grouped as in Table 三 (one enumeration for the form, letter and report)."""
    grouped = []
    for group in groups:
        members = [o for o in ReplyOutcome if o.group is group and (only is None or o in only)]
        if members:
            grouped.append(
                (
                    labels.label_lazy(group.row_label),
                    [(o.value, labels.outcome_row_display_lazy(o)) for o in members],
                )
            )
    return grouped


class ApplicationForm(forms.Form):
    """政府信息公开申请表 (条例 Art. 29)."""

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("请选择申请人类型：自然人，或法人或其他组织。")),
    )
    organisation_kind = forms.ChoiceField(
        label=_("组织类型"),
        choices=_choices(OrganisationKind, _("（法人或其他组织填写）")),
        required=False,
    )
    name = forms.CharField(
        label=_("姓名或名称"), max_length=100, error_messages=_required(_("请填写申请人姓名或名称。"))
    )
    id_type = forms.ChoiceField(
        label=_("身份证明类型"),
        choices=_choices(IdType, _("请选择")),
        error_messages=_required(_("请选择身份证明的证件类型。")),
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=50,
        help_text=_("居民身份证为18位；法人或其他组织填写18位统一社会信用代码。"),
        error_messages=_required(_("请填写证件号码。")),
    )
    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("联系电话"), max_length=30, error_messages=_required(_("请填写联系电话。"))
    )
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    address = forms.CharField(label=_("通讯地址"), max_length=200, required=False)
    postcode = forms.CharField(label=_("邮政编码"), max_length=6, required=False)
    description = forms.CharField(
        label=_("所需政府信息的名称或描述"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请写明政府信息的名称、文号，或者便于本机关查询的其他特征性描述。"),
        error_messages=_required(
            _("请填写所需政府信息的名称、文号或者便于查询的其他特征性描述（至少5个字）。")
        ),
    )
    document_reference = forms.CharField(label=_("文号（如知道）"), max_length=100, required=False)
    provision_form = forms.ChoiceField(
        label=_("信息的提供形式"),
        choices=ProvisionForm.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("请选择信息的提供形式。")),
    )
    delivery_method = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("请选择获取信息的方式。")),
    )

    INPUT_HINTS = {
        "name": "name",
        "id_number": "id",
        "contact_person": "name",
        "phone": "tel",
        "email": "email",
        "address": "address",
        "postcode": "postcode",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_hints(self, self.INPUT_HINTS)

    def clean(self):
        cleaned = super().clean()
        raw = {name: self.data.get(self.add_prefix(name), "") for name in validation.FIELDS}
        normalised = validation.normalise(raw)
        # One wording for every channel: the rule's message replaces Django's generic one.
        for field, message in validation.application_errors(normalised).items():
            if field in self.fields:
                self._errors.pop(field, None)
                self.add_error(field, message)
        cleaned.update({name: value for name, value in normalised.items() if name not in self.errors})
        return cleaned

    def applicant_data(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in validation.FIELDS}


class PublicApplicationForm(ApplicationForm):
    attachments = MultipleFileField(
        label=_("身份证明等材料"),
        required=False,
        help_text=_("可上传身份证明复印件等，最多%(n)d个文件，每个不超过%(mb)dMB，仅限%(types)s格式。")
        % {
            "n": files.MAX_ATTACHMENTS,
            "mb": files.MAX_ATTACHMENT_BYTES // 1024 // 1024,
            "types": files.ACCEPTED_LABEL,
        },
    )
    # Spam guard: a field people never see (bots fill it) and the signed time the form was shown.
    website = forms.CharField(label=_("网址（请勿填写）"), required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = guard.form_token()
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_attachments(self):
        uploads = self.cleaned_data.get("attachments") or []
        if len(uploads) > files.MAX_ATTACHMENTS:
            raise forms.ValidationError(_("最多上传%(n)d个文件。") % {"n": files.MAX_ATTACHMENTS})
        for upload in uploads:
            upload.seek(0)
            head = upload.read(16)
            upload.seek(0)
            try:
                files.check(name=upload.name, size=upload.size, head=head)
            except files.FileRejected as error:
                raise forms.ValidationError(error.message) from None
        return uploads

    def spam_reason(self, *, client: str = "") -> str | None:
        return guard.spam_reason(
            token=self.data.get("form_token", ""), honeypot=self.data.get("website", ""), client=client
        )


STAFF_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.ONLINE]


class RegistrationForm(ApplicationForm):
    """Registration of an application received in person, by post, fax or e-mail (条例 Art. 31)."""

    channel = forms.ChoiceField(label=_("受理渠道"), choices=STAFF_CHANNELS)
    arrived_on = date_field(
        _("收件日期"), help_text=_("当面提交之日、签收之日，或信函、传真、邮件到达之日。")
    )
    confirmed_on = date_field(
        _("与申请人确认之日"),
        required=False,
        help_text=_("平常信函、传真和电子邮件以双方确认之日为收到申请之日（条例第三十一条）。"),
    )
    backdate_reason = forms.CharField(
        label=_("补登原因"),
        required=False,
        help_text=_("收到申请之日早于今天的，须说明原因（将记入审计日志）。"),
    )
    attachments = MultipleFileField(label=_("申请书扫描件等材料"), required=False)

    field_order = ["channel", "arrived_on", "confirmed_on", "backdate_reason"]


class ConfirmForm(forms.Form):
    confirmed_on = date_field(
        _("双方确认之日"), help_text=_("以双方确认之日为收到申请之日（条例第三十一条）。")
    )
    backdate_reason = forms.CharField(label=_("补登原因"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class StatusLookupForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("登记号"), max_length=20, error_messages=_required(_("请填写登记号。"))
    )
    query_code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        error_messages=_required(_("请填写查询码。")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_hints(self, {"tracking_number": "code", "query_code": "code"})


class SupplementRequestForm(forms.Form):
    issued_on = date_field(_("补正通知发出日期"))
    deadline = date_field(_("补正期限"))
    items = forms.CharField(label=_("需要补正的事项"), widget=forms.Textarea(attrs={"rows": 4}))


class SupplementReceivedForm(forms.Form):
    received_on = date_field(_("收到补正材料之日"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attachments = MultipleFileField(label=_("补正材料"), required=False)


class ConsultationStartForm(forms.Form):
    started_on = date_field(_("发出征求意见书日期"))
    delivered_on = date_field(
        _("征求意见书送达日期"),
        required=False,
        help_text=_("对方收到征求意见书之日，15个工作日答复期自该日起算；不填按发出日期计算。"),
    )
    party_kind = forms.ChoiceField(label=_("征求对象类型"), choices=Consultation.PartyKind.choices)
    party = forms.CharField(label=_("征求对象"), max_length=200)


class ConsultationEndForm(forms.Form):
    ended_on = date_field(_("收到意见或结束日期"))
    opinion = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionRequestForm(forms.Form):
    workdays = forms.IntegerField(
        label=_("延长工作日数"),
        min_value=1,
        max_value=clock.MAX_EXTENSION_WORKDAYS,
        initial=clock.MAX_EXTENSION_WORKDAYS,
    )
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))


class LaterDeadlineForm(forms.Form):
    decided_on = date_field(_("决定日期"))
    deadline = date_field(_("合理的答复期限"))
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批意见"),
        choices=[("approve", _("同意")), ("reject", _("不同意"))],
        widget=forms.RadioSelect,
    )
    decided_on = date_field(_("审批日期"))
    note = forms.CharField(label=_("意见说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PiecesForm(forms.Form):
    pieces = forms.IntegerField(label=_("件数"), min_value=1, max_value=1000, initial=1)
    reason = forms.CharField(label=_("拆分依据"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(
        label=_("计收方式"),
        choices=[(m.value, labels.label_lazy(m.label)) for m in fees.FeeMethod],
        widget=forms.RadioSelect,
    )
    pieces = forms.IntegerField(label=_("本次申请件数（按件计收）"), min_value=1, required=False, initial=1)
    pages = forms.IntegerField(label=_("页数（按量计收）"), min_value=0, required=False)
    issued_on = date_field(_("收费通知发出日期"))
    notice_received_on = date_field(_("申请人收到通知之日"))
    relief_reason = forms.CharField(label=_("减免理由（减收时填写）"), required=False)
    relief_payable = forms.DecimalField(
        label=_("减免后应缴金额（元）"), required=False, min_value=0, decimal_places=2
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("relief_reason") and cleaned.get("relief_payable") is None:
            self.add_error("relief_payable", _("填写减免理由时须填写减免后应缴金额。"))
        if cleaned.get("method") == fees.FeeMethod.BY_VOLUME and cleaned.get("pages") is None:
            self.add_error("pages", _("按量计收须填写页数。"))
        return cleaned


class FeePaidForm(forms.Form):
    paid_on = date_field(_("缴费日期"))
    note = forms.CharField(label=_("缴款凭证号等说明"), required=False)


class FeeWaiveForm(forms.Form):
    waived_on = date_field(_("决定免收日期"))
    reason = forms.CharField(label=_("免收理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReplyDraftForm(forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=outcome_choices())
    letter_form = forms.ChoiceField(
        label=_("答复文书样式"),
        required=False,
        choices=[
            ("", _("按办理结果的默认样式")),
            *((form.value, labels.label_lazy(form.label)) for form in letters.LetterForm),
        ],
        help_text=_("按模板生成时使用；须与所选办理结果一致。"),
    )
    where = forms.CharField(label=_("已主动公开的获取方式和途径"), required=False, max_length=300)
    responsible_body = forms.CharField(label=_("负责公开的机关"), required=False, max_length=100)
    responsible_contact = forms.CharField(label=_("该机关的联系方式"), required=False, max_length=200)
    body = forms.CharField(
        label=_("答复正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "留空或点击“按模板生成”则按所选办理结果的模板生成；【】中的内容须补全后才能提交法律审查。"
        ),
    )


class LegalReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审查结论"),
        choices=[("approve", _("同意")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=_("审查意见"), widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(forms.Form):
    signed_on = date_field(_("签发日期"))


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label=_("送达方式"), choices=Delivery.Method.choices)
    delivered_on = date_field(_("送达日期（邮寄为交邮之日）"))
    reference = forms.CharField(label=_("邮件号或回执编号"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), required=False)
    proof = forms.FileField(label=_("送达凭证（PDF、JPG、PNG）"), required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("终止情形"),
        choices=outcome_choices(
            groups=(OutcomeGroup.OTHER,),
            only=(ReplyOutcome.OTHER_NO_SUPPLEMENT, ReplyOutcome.OTHER_FEE_UNPAID, ReplyOutcome.OTHER),
        ),
    )
    closed_on = date_field(_("终止日期"))
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(forms.Form):
    related = forms.CharField(label=_("被重复的申请登记号"), max_length=20)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class AppealForm(forms.Form):
    route = forms.ChoiceField(label=_("途径"), choices=Appeal.Route.choices)
    body = forms.CharField(label=_("复议机关或人民法院"), max_length=200)
    case_number = forms.CharField(label=_("案号"), max_length=100, required=False)
    filed_on = date_field(_("收到复议申请书或起诉状之日"))
    result = forms.ChoiceField(label=_("结果"), choices=Appeal.Result.choices, initial="pending")
    decided_on = date_field(_("审结日期"), required=False)
    note = forms.CharField(label=_("说明"), required=False)


class AppealUpdateForm(forms.Form):
    result = forms.ChoiceField(label=_("结果"), choices=Appeal.Result.choices)
    decided_on = date_field(_("审结日期"), required=False)
    note = forms.CharField(label=_("说明"), required=False)


class NoticeReviewForm(forms.Form):
    """法律审查 of a numbered notice (in the legal reviewer's queue, issue 10)."""

    decision = forms.ChoiceField(
        label=_("审查结论"),
        choices=[("approved", _("同意")), ("returned", _("有问题"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=_("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("文件（PDF、JPG、PNG）"))


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("经办人"), queryset=None)

    def __init__(self, *args, **kwargs):
        from django.contrib.auth.models import Permission
        from django.db.models import Q

        from gongkai.core.models import User

        super().__init__(*args, **kwargs)
        permission = Permission.objects.filter(
            content_type__app_label="applications", codename="handle_application"
        )
        self.fields["handler"].queryset = (
            User.objects.filter(is_active=True)
            .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
            .distinct()
        )
