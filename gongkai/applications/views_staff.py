"""The staff console of 依申请公开: case list and dashboards, registration, the case page with every clock
step, reply drafting, legal review and signature, letters, archive, appeals and statistics.

Thin views: every change goes through `services`; each view is guarded by `staff_view` with the
permission its action needs. Applicants' personal data is shown only to holders of
applications.view_applicant (handlers, administrators); everybody else sees it masked."""

from __future__ import annotations

from collections.abc import Callable

from django import forms as django_forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.applications import archive, forms, lists, queries, services, statistics
from gongkai.applications.models import (
    Appeal,
    Application,
    ApplicationLink,
    Attachment,
    Consultation,
    ExtensionRequest,
    ReplyLetter,
    Status,
)
from gongkai.applications.outcomes import (
    TABLE_FOUR_COLUMNS,
    TABLE_FOUR_TITLE,
    TABLE_THREE_NOTE,
    TABLE_THREE_TITLE,
    AppealResult,
    AppealRoute,
    ApplicantColumn,
)
from gongkai.audit.models import AuditRecord
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError

VIEW = "applications.view_application"
VIEW_APPLICANT = "applications.view_applicant"
HANDLE = "applications.handle_application"


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _warn(request, warnings) -> None:
    for warning in warnings:
        messages.warning(request, warning)


def sees_applicant(user) -> bool:
    return user.has_perm(VIEW_APPLICANT)


# --- lists and dashboards -------------------------------------------------------------------------


@staff_view(VIEW)
def case_list(request):
    return lists.CASES.for_user(request.user).respond(request, "applications/staff/case_list.html")


@staff_view(VIEW)
def dashboard(request):
    user = request.user
    due_soon = list(queries.due_soon().select_related("handler").order_by("due_on"))
    overdue = list(queries.overdue().select_related("handler").order_by("due_on"))
    for application in (*due_soon, *overdue):
        application.left = queries.workdays_left(application)
    context = {
        "full": sees_applicant(user),
        "due_soon": due_soon,
        "overdue": overdue,
        "attention": queries.needing_attention() if user.has_perm(HANDLE) else [],
        "awaiting_registration": list(queries.awaiting_registration()[:50]) if user.has_perm(HANDLE) else [],
        "pending_extensions": list(
            ExtensionRequest.objects.filter(state=ExtensionRequest.State.PENDING).select_related(
                "application"
            )
        )
        if user.has_perm("applications.approve_extension")
        else [],
        "in_review": list(
            ReplyLetter.objects.filter(state=ReplyLetter.State.IN_REVIEW).select_related("application")
        )
        if user.has_perm("applications.legal_review")
        else [],
        "to_sign": list(
            ReplyLetter.objects.filter(state=ReplyLetter.State.APPROVED).select_related("application")
        )
        if user.has_perm("applications.sign_reply")
        else [],
        "due_soon_limit": queries.due_soon_limit(),
        "workdays": queries.DUE_SOON_WORKDAYS,
    }
    return render(request, "applications/staff/dashboard.html", context)


@staff_view("applications.legal_review")
def legal_queue(request):
    letters = ReplyLetter.objects.filter(state=ReplyLetter.State.IN_REVIEW).select_related(
        "application", "drafted_by"
    )
    return render(request, "applications/staff/legal_queue.html", {"letters": letters})


@staff_view("applications.approve_extension")
def approvals(request):
    extensions = ExtensionRequest.objects.filter(state=ExtensionRequest.State.PENDING).select_related(
        "application", "requested_by"
    )
    to_sign = ReplyLetter.objects.filter(state=ReplyLetter.State.APPROVED).select_related("application")
    return render(
        request,
        "applications/staff/approvals.html",
        {
            "extensions": extensions,
            "to_sign": to_sign if request.user.has_perm("applications.sign_reply") else [],
        },
    )


@staff_view(VIEW)
def appeal_list(request):
    return lists.APPEALS.respond(request, "applications/staff/appeal_list.html")


# --- registration ---------------------------------------------------------------------------------


@staff_view(HANDLE)
@require_http_methods(["GET", "POST"])
def register(request):
    form = forms.RegistrationForm(
        request.POST or None, request.FILES or None, initial={"arrived_on": queries.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submitted = services.register_application(
                actor=request.user,
                channel=data["channel"],
                data=form.applicant_data(),
                arrived_on=data["arrived_on"],
                confirmed_on=data.get("confirmed_on"),
                backdate_reason=data.get("backdate_reason", ""),
                uploads=data.get("attachments") or [],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            _warn(request, submitted.warnings)
            messages.success(
                request,
                _("已登记。登记号：%(t)s，查询码：%(c)s（查询码只显示这一次，请告知申请人或打印受理回执）。")
                % {"t": submitted.application.tracking_number, "c": submitted.query_code},
            )
            return redirect(submitted.application)
    return render(request, "applications/staff/register.html", {"form": form})


# --- the case page --------------------------------------------------------------------------------


def _case(request, pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("handler", "registered_by"), pk=pk)


def _forms_for(request, application: Application) -> dict:
    """The unbound forms of the actions this user may take on the case in its present state."""
    user, status = request.user, application.status
    found: dict = {}
    letter = ReplyLetter.objects.filter(application=application).first()

    def today(form_class, *fields, **extra):
        return form_class(initial={**{name: queries.today() for name in fields}, **extra})

    if user.has_perm(HANDLE):
        if status == Status.SUBMITTED:
            found["confirm"] = today(forms.ConfirmForm, "confirmed_on")
            found["void"] = forms.ReasonForm()
        if application.is_open:
            found["supplement_request"] = today(forms.SupplementRequestForm, "issued_on")
            found["supplement_received"] = today(forms.SupplementReceivedForm, "received_on")
            found["consultation_start"] = today(forms.ConsultationStartForm, "started_on")
            found["extension_request"] = forms.ExtensionRequestForm()
            found["fee_notice"] = today(forms.FeeNoticeForm, "issued_on", "notice_received_on")
            found["fee_paid"] = today(forms.FeePaidForm, "paid_on")
            found["fee_waive"] = today(forms.FeeWaiveForm, "waived_on")
            found["close"] = today(forms.CloseForm, "closed_on")
            found["link"] = forms.LinkForm()
            found["assign"] = forms.AssignForm(initial={"handler": application.handler_id})
            if letter is None or letter.state in (
                ReplyLetter.State.DRAFT,
                ReplyLetter.State.RETURNED,
                ReplyLetter.State.APPROVED,
            ):
                initial = {"outcome": letter.outcome, "body": letter.body} if letter else {}
                found["reply_draft"] = forms.ReplyDraftForm(initial=initial)
            if letter is not None and letter.state == ReplyLetter.State.SIGNED:
                found["delivery"] = today(forms.DeliveryForm, "delivered_on")
        if application.received_on is not None:
            found["attachment"] = forms.AttachmentForm()
        found["consultation_end"] = today(forms.ConsultationEndForm, "ended_on")
    if (
        user.has_perm("applications.legal_review")
        and letter is not None
        and letter.state == ReplyLetter.State.IN_REVIEW
    ):
        found["legal_review"] = forms.LegalReviewForm()
    if (
        user.has_perm("applications.sign_reply")
        and letter is not None
        and letter.state == ReplyLetter.State.APPROVED
    ):
        found["sign"] = today(forms.SignForm, "signed_on")
    if user.has_perm("applications.approve_extension"):
        found["extension_decide"] = today(forms.DecisionForm, "decided_on")
    if user.has_perm("applications.manage_appeals") and application.received_on is not None:
        found["appeal"] = forms.AppealForm()
        found["appeal_update"] = forms.AppealUpdateForm()
    for name, form in found.items():
        # Each form's fields are named after its action ("sign-signed_on"), so ids are unique on the page.
        form.prefix = name
    return found


def _render_case(request, application: Application, *, bound: dict | None = None, status: int = 200):
    letter = ReplyLetter.objects.filter(application=application).first()
    case = queries.clock_for(application)
    action_forms = _forms_for(request, application)
    action_forms.update(bound or {})
    full = sees_applicant(request.user)
    trail = AuditRecord.objects.filter(
        target_type="applications.application", target_id=str(application.pk)
    ).order_by("seq")
    preview = services.letter_content(letter, public_copy=not full) if letter else None
    context = {
        "application": application,
        "full": full,
        "case": case,
        "state": case.state if case else None,
        "events": application.clock_events.select_related("recorded_by"),
        "notices": application.notices.all(),
        "consultations": application.consultations.all(),
        "open_consultations": [c for c in application.consultations.all() if c.ended_on is None],
        "extensions": application.extension_requests.select_related("requested_by", "decided_by"),
        "fee_decisions": application.fee_decisions.all(),
        "letter": letter,
        "preview": preview,
        "reviews": letter.reviews.select_related("reviewer") if letter else [],
        "deliveries": application.deliveries.all(),
        "attachments": application.attachments.all(),
        "appeals": application.appeals.all(),
        "links": application.links.select_related("related"),
        "linked_from": application.linked_from.select_related("application"),
        "repeat_candidates": queries.repeat_candidates(application) if request.user.has_perm(HANDLE) else [],
        "trail": trail,
        "forms": action_forms,
        "left": queries.workdays_left(application),
    }
    return render(request, "applications/staff/case.html", context, status=status)


@staff_view(VIEW)
def case_detail(request, pk: int):
    return _render_case(request, _case(request, pk))


def _action(name: str, form_class, permission: str, run: Callable, *, files: bool = False):
    """A POST endpoint for one action on a case: validate the form, call the service, report back."""

    @staff_view(permission)
    @require_POST
    def view(request, pk: int):
        application = _case(request, pk)
        form = form_class(request.POST, request.FILES if files else None, prefix=name)
        if form.is_valid():
            try:
                message = run(request, application, form.cleaned_data)
            except DomainError as error:
                _form_error(form, error)
            else:
                if message:
                    messages.success(request, message)
                return redirect(f"{application.get_absolute_url()}#{name}")
        messages.error(request, _("操作未完成，请检查表单中的错误。"))
        return _render_case(request, application, bound={name: form}, status=400)

    view.__name__ = f"action_{name}"
    return view


def _recorded(request, recorded, message: str) -> str:
    _warn(request, getattr(recorded, "warnings", ()))
    return message


def _confirm(request, application, data):
    _warn(
        request,
        services.confirm_submission(
            actor=request.user,
            application=application,
            confirmed_on=data["confirmed_on"],
            backdate_reason=data.get("backdate_reason", ""),
        ),
    )
    return _("已登记受理，开始计算答复期限。")


def _void(request, application, data):
    services.void_submission(actor=request.user, application=application, reason=data["reason"])
    return _("已作废。")


def _supplement_request(request, application, data):
    recorded = services.request_supplement(
        actor=request.user,
        application=application,
        issued_on=data["issued_on"],
        deadline=data["deadline"],
        items=data["items"],
    )
    return _recorded(request, recorded, _("已发出补正通知，答复期限暂停计算，待收到补正后重新计算。"))


def _supplement_received(request, application, data):
    recorded = services.record_supplement(
        actor=request.user,
        application=application,
        received_on=data["received_on"],
        note=data.get("note", ""),
        uploads=data.get("attachments") or [],
    )
    return _recorded(request, recorded, _("已记录收到补正材料，答复期限自当日重新计算。"))


def _consultation_start(request, application, data):
    services.start_consultation(
        actor=request.user,
        application=application,
        started_on=data["started_on"],
        party_kind=data["party_kind"],
        party=data["party"],
    )
    return _("已开始征求意见，征求意见期间不计入答复期限。")


def _consultation_end(request, application, data):
    consultation = get_object_or_404(
        Consultation, pk=request.POST.get("consultation"), application=application
    )
    recorded = services.end_consultation(
        actor=request.user, consultation=consultation, ended_on=data["ended_on"], opinion=data["opinion"]
    )
    return _recorded(request, recorded, _("征求意见已结束，答复期限恢复计算。"))


def _extension_request(request, application, data):
    services.request_extension(
        actor=request.user, application=application, workdays=data["workdays"], reason=data["reason"]
    )
    return _("延期申请已提交，待政府信息公开工作机构负责人审批。")


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


def _fee_paid(request, application, data):
    recorded = services.record_fee_paid(
        actor=request.user, application=application, paid_on=data["paid_on"], note=data.get("note", "")
    )
    return _recorded(request, recorded, _("已记录缴费。"))


def _fee_waive(request, application, data):
    services.waive_fee(
        actor=request.user, application=application, waived_on=data["waived_on"], reason=data["reason"]
    )
    return _("已决定免收信息处理费。")


def _reply_draft(request, application, data):
    use_template = "use_template" in request.POST or not data.get("body", "").strip()
    services.draft_reply(
        actor=request.user,
        application=application,
        outcome=data["outcome"],
        body=None if use_template else data["body"],
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


def _delivery(request, application, data):
    services.record_delivery(
        actor=request.user,
        application=application,
        method=data["method"],
        delivered_on=data["delivered_on"],
        reference=data.get("reference", ""),
        note=data.get("note", ""),
        proof=data.get("proof"),
    )
    return _("已记录送达，申请已答复。")


def _close(request, application, data):
    services.close_application(
        actor=request.user,
        application=application,
        outcome=data["outcome"],
        closed_on=data["closed_on"],
        reason=data["reason"],
    )
    return _("已终止办理。")


def _link(request, application, data):
    number = data["related"].strip().upper()
    related = Application.objects.filter(tracking_number=number).first()
    if related is None:
        raise DomainError(_("登记号“%(n)s”不存在。") % {"n": number}, field="related")
    services.link_repeat(
        actor=request.user, application=application, related=related, note=data.get("note", "")
    )
    return _("已关联为重复申请。")


def _assign(request, application, data):
    services.assign_handler(actor=request.user, application=application, handler=data["handler"])
    return _("已调整经办人。")


def _attachment(request, application, data):
    services.add_attachment(
        actor=request.user, application=application, kind=data["kind"], upload=data["file"]
    )
    return _("附件已上传。")


def _appeal(request, application, data):
    services.record_appeal(actor=request.user, application=application, **data)
    return _("已登记。")


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


class _NoFields(django_forms.Form):
    pass


ACTIONS = {
    "confirm": (forms.ConfirmForm, HANDLE, _confirm, False),
    "void": (forms.ReasonForm, HANDLE, _void, False),
    "supplement_request": (forms.SupplementRequestForm, HANDLE, _supplement_request, False),
    "supplement_received": (forms.SupplementReceivedForm, HANDLE, _supplement_received, True),
    "consultation_start": (forms.ConsultationStartForm, HANDLE, _consultation_start, False),
    "consultation_end": (forms.ConsultationEndForm, HANDLE, _consultation_end, False),
    "extension_request": (forms.ExtensionRequestForm, HANDLE, _extension_request, False),
    "extension_decide": (forms.DecisionForm, "applications.approve_extension", _extension_decide, False),
    "fee_notice": (forms.FeeNoticeForm, HANDLE, _fee_notice, False),
    "fee_paid": (forms.FeePaidForm, HANDLE, _fee_paid, False),
    "fee_waive": (forms.FeeWaiveForm, HANDLE, _fee_waive, False),
    "reply_draft": (forms.ReplyDraftForm, HANDLE, _reply_draft, False),
    "reply_submit": (_NoFields, HANDLE, _reply_submit, False),
    "legal_review": (forms.LegalReviewForm, "applications.legal_review", _legal_review, False),
    "sign": (forms.SignForm, "applications.sign_reply", _sign, False),
    "delivery": (forms.DeliveryForm, HANDLE, _delivery, True),
    "close": (forms.CloseForm, HANDLE, _close, False),
    "link": (forms.LinkForm, HANDLE, _link, False),
    "assign": (forms.AssignForm, HANDLE, _assign, False),
    "attachment": (forms.AttachmentForm, HANDLE, _attachment, True),
    "appeal": (forms.AppealForm, "applications.manage_appeals", _appeal, False),
    "appeal_update": (forms.AppealUpdateForm, "applications.manage_appeals", _appeal_update, False),
}

ACTION_VIEWS = {
    name: _action(name, form_class, permission, run, files=uploads)
    for name, (form_class, permission, run, uploads) in ACTIONS.items()
}


@staff_view(HANDLE)
@require_POST
def unlink(request, pk: int, link_pk: int):
    link = get_object_or_404(ApplicationLink, pk=link_pk, application_id=pk)
    services.unlink_repeat(actor=request.user, link=link)
    messages.success(request, _("已取消关联。"))
    return redirect(link.application)


# --- files ----------------------------------------------------------------------------------------


def _file_response(field_file, filename: str, content_type: str) -> FileResponse:
    if not field_file:
        raise Http404
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


@staff_view(VIEW_APPLICANT)
def letter_file(request, pk: int, fmt: str):
    """The signed letter carries the applicant's name: only for staff who see applicants."""
    letter = get_object_or_404(ReplyLetter, application_id=pk, state=ReplyLetter.State.SIGNED)
    name = f"答复书-{letter.application.tracking_number}"
    if fmt == "docx":
        return _file_response(
            letter.docx,
            f"{name}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    if fmt == "pdf":
        return _file_response(letter.pdf, f"{name}.pdf", "application/pdf")
    raise Http404


@staff_view(VIEW_APPLICANT)
def attachment_file(request, pk: int, attachment_pk: int):
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application_id=pk)
    extension = attachment.file.name.rsplit(".", 1)[-1]
    kind = attachment.get_kind_display()
    name = f"{attachment.application.tracking_number}-{kind}-{attachment.pk}.{extension}"
    return _file_response(attachment.file, name, attachment.content_type)


@staff_view("applications.export_archive")
def case_archive(request, pk: int):
    application = _case(request, pk)
    if application.received_on is None and application.status != Status.SUBMITTED:
        raise Http404
    content = archive.build_archive(application, actor=request.user)
    response = HttpResponse(content, content_type="application/zip")
    filename = f"案卷-{application.tracking_number}.zip"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


# --- statistics -----------------------------------------------------------------------------------


def _year(request) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return queries.today().year


@staff_view("applications.view_statistics")
def statistics_view(request):
    year = _year(request)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(
            statistics.statistics_xlsx(year),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"依申请公开统计-{year}.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
        return response
    table = statistics.table_three(year)
    four = statistics.table_four(year)
    years = sorted({*statistics.years_with_cases(), queries.today().year, year}, reverse=True)
    return render(
        request,
        "applications/staff/statistics.html",
        {
            "year": year,
            "years": years,
            "title_three": TABLE_THREE_TITLE,
            "note_three": TABLE_THREE_NOTE,
            "lines": statistics.table_three_layout(table),
            "violations": table.violations,
            "organisation_columns": [c.label for c in ApplicantColumn if c.parent_label],
            "title_four": TABLE_FOUR_TITLE,
            "four_results": [r.label for r in AppealResult],
            "four_values": [four[column] for column in TABLE_FOUR_COLUMNS],
            "four_routes": AppealRoute,
            "summary": statistics.year_summary(year),
        },
    )
