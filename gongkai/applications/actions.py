"""The staff actions on a case, declared once: one `StaffAction` row per action names its permission,
its form, the states in which it is offered, its labels and the adapter that calls the service.

The table drives everything the console does with an action: `policy.available_actions` offers it,
`views_staff` builds its unbound form for the case page and its POST endpoint
(`/staff/applications/<pk>/<key>/`, URL name `applications:action_<key>`), and the template
`applications/includes/action.html` renders its heading, form and button. The services stay the
authority on the rules: an endpoint checks the permission, the service refuses what the case's
state does not allow (so a stale page gets the rule in Chinese, not a silent no-op).

An adapter takes `(request, application, cleaned_data)`, calls one service function and returns the
success message; warnings the service returns are shown as messages. Where the form's fields are the
service's keyword arguments the adapter is `calls(service, message)`; the others (a row picked by id, a
renamed field, a message with a value) are small functions below."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.applications import forms, services
from gongkai.applications.models import (
    OPEN_STATUSES,
    Appeal,
    Application,
    ApplicationLink,
    Consultation,
    ExtensionRequest,
    ReplyLetter,
    Status,
)
from gongkai.core.errors import DomainError

HANDLE = services.HANDLE
NO_LETTER = None  # in `letter_states`: the case has no reply letter yet

Run = Callable[..., str]


@dataclass(frozen=True)
class StaffAction:
    key: str
    label: str | Promise  # heading or summary of the form on the case page
    button: str | Promise
    permission: str
    form: type[django_forms.Form]
    run: Run
    # Offered only in these case statuses (None: any status) and, when set, only while the reply letter
    # is in one of these states (NO_LETTER for "not drafted yet").
    statuses: tuple[str, ...] | None = None
    letter_states: tuple[str | None, ...] | None = None
    received: bool = False  # offered only once the case has a receipt date
    uploads: bool = False  # multipart form
    today: tuple[str, ...] = ()  # date fields that start at today's date

    @property
    def url_name(self) -> str:
        return f"applications:action_{self.key}"

    def offered(self, *, status: str, received: bool, letter_state: str | None) -> bool:
        """The state rule alone (permission aside): pure, tested row by row."""
        return (
            (self.statuses is None or status in self.statuses)
            and (self.letter_states is None or letter_state in self.letter_states)
            and (received or not self.received)
        )


def show_warnings(request, warnings) -> None:
    """The warnings a service returned (late notice, back-dated event, …), as console messages."""
    for warning in warnings:
        messages.warning(request, warning)


def _recorded(request, recorded, message: str) -> str:
    show_warnings(request, getattr(recorded, "warnings", ()))
    return message


def calls(service, message: str | Promise) -> Run:
    """The adapter of an action whose form fields are the service's keyword arguments: call it for the
    case and show the warnings it returns (a list, or a `Recorded` with `warnings`)."""

    def run(request, application, data):
        result = service(actor=request.user, application=application, **data)
        show_warnings(request, result if isinstance(result, list) else getattr(result, "warnings", ()))
        return str(message)

    return run


def _supplement_received(request, application, data):
    recorded = services.record_supplement(
        actor=request.user,
        application=application,
        received_on=data["received_on"],
        note=data.get("note", ""),
        uploads=data.get("attachments") or [],
    )
    return _recorded(request, recorded, _("已记录收到补正材料，答复期限自当日重新计算。"))


def _consultation_end(request, application, data):
    consultation = get_object_or_404(
        Consultation, pk=request.POST.get("consultation"), application=application
    )
    recorded = services.end_consultation(
        actor=request.user, consultation=consultation, ended_on=data["ended_on"], opinion=data["opinion"]
    )
    return _recorded(request, recorded, _("征求意见已结束，答复期限恢复计算。"))


def _extension_decide(request, application, data):
    extension = get_object_or_404(ExtensionRequest, pk=request.POST.get("extension"), application=application)
    approve = data["decision"] == "approve"
    recorded = services.decide_extension(
        actor=request.user,
        request=extension,
        approve=approve,
        decided_on=data["decided_on"],
        note=data.get("note", ""),
    )
    if recorded:
        return _recorded(request, recorded, _("已同意延期，并向申请人发出延长答复期限告知书。"))
    return _("已不同意延期。")


def _fee_notice(request, application, data):
    decision = services.issue_fee_notice(
        actor=request.user,
        application=application,
        method=data["method"],
        issued_on=data["issued_on"],
        notice_received_on=data["notice_received_on"],
        pieces=data.get("pieces"),
        pages=data.get("pages"),
        relief_reason=data.get("relief_reason", ""),
        relief_payable=data.get("relief_payable"),
    )
    return _("已发出收费通知，应缴%(a)s元。") % {"a": decision.amount}


def _reply_draft(request, application, data):
    use_template = "use_template" in request.POST or not data.get("body", "").strip()
    services.draft_reply(
        actor=request.user,
        application=application,
        outcome=data["outcome"],
        body=None if use_template else data["body"],
        letter_form=data.get("letter_form", ""),
        details={name: data.get(name, "") for name in ("where", "responsible_body", "responsible_contact")},
    )
    return _("已按模板生成答复书草稿，请修改后提交法律审查。") if use_template else _("答复书草稿已保存。")


def _reply_submit(request, application, data):
    letter = get_object_or_404(ReplyLetter, application=application)
    services.submit_for_legal_review(actor=request.user, letter=letter)
    return _("已提交法律审查。")


def _legal_review(request, application, data):
    letter = get_object_or_404(ReplyLetter, application=application)
    approve = data["decision"] == "approve"
    services.review_reply(actor=request.user, letter=letter, approve=approve, opinion=data["opinion"])
    return _("法律审查意见已提交：同意。") if approve else _("已退回修改。")


def _sign(request, application, data):
    letter = get_object_or_404(ReplyLetter, application=application)
    letter = services.sign_reply(actor=request.user, letter=letter, signed_on=data["signed_on"])
    return _("已签发，文号：%(n)s。") % {"n": letter.document_number}


def _link(request, application, data):
    number = data["related"].strip().upper()
    related = Application.objects.filter(tracking_number=number).first()
    if related is None:
        raise DomainError(_("登记号“%(n)s”不存在。") % {"n": number}, field="related")
    services.link_repeat(
        actor=request.user, application=application, related=related, note=data.get("note", "")
    )
    return _("已关联为重复申请。")


def _unlink(request, application, data):
    link = get_object_or_404(ApplicationLink, pk=request.POST.get("link"), application=application)
    services.unlink_repeat(actor=request.user, link=link)
    return _("已取消关联。")


def _attachment(request, application, data):
    services.add_attachment(
        actor=request.user, application=application, kind=data["kind"], upload=data["file"]
    )
    return _("附件已上传。")


def _appeal_update(request, application, data):
    appeal = get_object_or_404(Appeal, pk=request.POST.get("appeal"), application=application)
    services.update_appeal(
        actor=request.user,
        appeal=appeal,
        result=data["result"],
        decided_on=data.get("decided_on"),
        note=data.get("note", ""),
    )
    return _("已更新。")


class NoFields(django_forms.Form):
    """The form of an action that is only a button (its errors still show)."""


OPEN = tuple(OPEN_STATUSES)
L = ReplyLetter.State

# fmt: off
ACTIONS: dict[str, StaffAction] = {
    action.key: action
    for action in (
        StaffAction(
            "confirm",
            gettext_lazy("确认受理（网上申请）"),
            gettext_lazy("确认受理"),
            HANDLE,
            forms.ConfirmForm,
            calls(services.confirm_submission, gettext_lazy("已登记受理，开始计算答复期限。")),
            statuses=(Status.SUBMITTED,), today=("confirmed_on",),
        ),
        StaffAction(
            "void", gettext_lazy("作废（非有效申请）"), gettext_lazy("作废"), HANDLE, forms.ReasonForm,
            calls(services.void_submission, gettext_lazy("已作废。")),
            statuses=(Status.SUBMITTED,),
        ),
        StaffAction(
            "assign", gettext_lazy("调整经办人"), gettext_lazy("保存"), HANDLE, forms.AssignForm,
            calls(services.assign_handler, gettext_lazy("已调整经办人。")),
            statuses=OPEN,
        ),
        StaffAction(
            "supplement_request",
            gettext_lazy("补正通知（条例第三十条）"),
            gettext_lazy("发出补正通知"),
            HANDLE,
            forms.SupplementRequestForm,
            calls(
                services.request_supplement,
                gettext_lazy("已发出补正通知，答复期限暂停计算，待收到补正后重新计算。"),
            ),
            statuses=OPEN, today=("issued_on",),
        ),
        StaffAction(
            "supplement_received", gettext_lazy("收到补正材料"), gettext_lazy("记录收到补正"), HANDLE,
            forms.SupplementReceivedForm, _supplement_received,
            statuses=OPEN, uploads=True, today=("received_on",),
        ),
        StaffAction(
            "consultation_start",
            gettext_lazy("征求意见（条例第三十二条、第三十四条）"),
            gettext_lazy("开始征求意见"),
            HANDLE,
            forms.ConsultationStartForm,
            calls(services.start_consultation, gettext_lazy("已开始征求意见，征求意见期间不计入答复期限。")),
            statuses=OPEN, today=("started_on",),
        ),
        # Offered in any state: the page shows it once per consultation still open.
        StaffAction(
            "consultation_end", gettext_lazy("结束征求意见"), gettext_lazy("记录意见，结束征求意见"), HANDLE,
            forms.ConsultationEndForm, _consultation_end,
            today=("ended_on",),
        ),
        StaffAction(
            "extension_request",
            gettext_lazy("申请延长答复期限（条例第三十三条）"),
            gettext_lazy("提交延期申请"),
            HANDLE,
            forms.ExtensionRequestForm,
            calls(
                services.request_extension,
                gettext_lazy("延期申请已提交，待政府信息公开工作机构负责人审批。"),
            ),
            statuses=OPEN,
        ),
        # Offered in any state: the page shows it once per pending request.
        StaffAction(
            "extension_decide",
            gettext_lazy("审批延期申请"),
            gettext_lazy("提交审批意见"),
            "applications.approve_extension",
            forms.DecisionForm, _extension_decide,
            today=("decided_on",),
        ),
        StaffAction(
            "later_deadline",
            gettext_lazy("确定合理的答复期限（条例第三十五条）"),
            gettext_lazy("确定答复期限"),
            "applications.approve_extension", forms.LaterDeadlineForm,
            calls(services.set_later_deadline, gettext_lazy("已确定答复期限，并向申请人发出告知书。")),
            statuses=OPEN, today=("decided_on",),
        ),
        StaffAction(
            "pieces",
            gettext_lazy("按“一事一申请”拆分件数（按件计收累计）"),
            gettext_lazy("保存件数"),
            HANDLE,
            forms.PiecesForm, calls(services.set_pieces, gettext_lazy("已记录件数。")),
            statuses=OPEN,
        ),
        StaffAction(
            "fee_notice", gettext_lazy("收取信息处理费"), gettext_lazy("计算并发出收费通知"), HANDLE,
            forms.FeeNoticeForm, _fee_notice,
            statuses=OPEN, today=("issued_on", "notice_received_on"),
        ),
        StaffAction(
            "fee_paid", gettext_lazy("记录缴费"), gettext_lazy("记录缴费"), HANDLE, forms.FeePaidForm,
            calls(services.record_fee_paid, gettext_lazy("已记录缴费。")),
            statuses=(Status.AWAITING_FEE,), today=("paid_on",),
        ),
        StaffAction(
            "fee_waive", gettext_lazy("决定免收"), gettext_lazy("决定免收"), HANDLE, forms.FeeWaiveForm,
            calls(services.waive_fee, gettext_lazy("已决定免收信息处理费。")),
            statuses=(Status.AWAITING_FEE,), today=("waived_on",),
        ),
        StaffAction(
            "close", gettext_lazy("终止办理（其他处理）"), gettext_lazy("终止办理"), HANDLE, forms.CloseForm,
            calls(services.close_application, gettext_lazy("已终止办理。")),
            statuses=OPEN, today=("closed_on",),
        ),
        StaffAction(
            "reply_draft", gettext_lazy("起草或修改答复书"), gettext_lazy("保存草稿"), HANDLE,
            forms.ReplyDraftForm, _reply_draft,
            statuses=OPEN, letter_states=(NO_LETTER, L.DRAFT, L.RETURNED, L.APPROVED),
        ),
        StaffAction(
            "reply_submit",
            gettext_lazy("提交法律审查"),
            gettext_lazy("提交法律审查"),
            HANDLE,
            NoFields,
            _reply_submit,
            statuses=OPEN, letter_states=(L.DRAFT, L.RETURNED),
        ),
        StaffAction(
            "legal_review",
            gettext_lazy("答复前法律审查"),
            gettext_lazy("提交审查意见"),
            "applications.legal_review",
            forms.LegalReviewForm, _legal_review,
            letter_states=(L.IN_REVIEW,),
        ),
        StaffAction(
            "sign",
            gettext_lazy("签发"),
            gettext_lazy("签发答复书"),
            "applications.sign_reply",
            forms.SignForm,
            _sign,
            letter_states=(L.APPROVED,), today=("signed_on",),
        ),
        StaffAction(
            "delivery", gettext_lazy("送达"), gettext_lazy("记录送达"), HANDLE, forms.DeliveryForm,
            calls(services.record_delivery, gettext_lazy("已记录送达，申请已答复。")),
            statuses=OPEN, letter_states=(L.SIGNED,), uploads=True, today=("delivered_on",),
        ),
        StaffAction(
            "attachment",
            gettext_lazy("上传附件"),
            gettext_lazy("上传"),
            HANDLE,
            forms.AttachmentForm,
            _attachment,
            received=True, uploads=True,
        ),
        StaffAction(
            "link", gettext_lazy("手动关联"), gettext_lazy("关联"), HANDLE, forms.LinkForm, _link,
            statuses=OPEN,
        ),
        StaffAction("unlink", gettext_lazy("取消关联"), gettext_lazy("取消关联"), HANDLE, NoFields, _unlink),
        StaffAction(
            "appeal",
            gettext_lazy("登记复议或诉讼"),
            gettext_lazy("登记"),
            "applications.manage_appeals",
            forms.AppealForm,
            calls(services.record_appeal, gettext_lazy("已登记。")),
            received=True,
        ),
        StaffAction(
            "appeal_update", gettext_lazy("更新结果"), gettext_lazy("保存"), "applications.manage_appeals",
            forms.AppealUpdateForm, _appeal_update,
            received=True,
        ),
    )
}
# fmt: on
