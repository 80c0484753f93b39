"""The staff console of 依申请公开: case list and dashboards, registration, the case page with every clock
step, reply drafting, legal review and signature, letters, archive, appeals and statistics.

Thin views: every change goes through `services`; each view is guarded by `staff_view` with the
permission its action needs. Applicants' personal data is shown only to holders of
applications.view_applicant (handlers, administrators); everybody else sees it masked."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.applications import (
    actions,
    archive,
    clock,
    documents,
    forms,
    labels,
    lists,
    policy,
    queries,
    services,
    statistics,
)
from gongkai.applications.models import (
    Application,
    Attachment,
    Delivery,
    ExtensionRequest,
    Notice,
    ProvisionForm,
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
from gongkai.audit.queries import trail_for
from gongkai.audit.services import record
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error, report_year

VIEW = "applications.view_application"
VIEW_APPLICANT = "applications.view_applicant"
HANDLE = "applications.handle_application"


def sees_applicant(user) -> bool:
    return user.has_perm(VIEW_APPLICANT)


# --- lists and dashboards -------------------------------------------------------------------------


@staff_view(VIEW)
def case_list(request):
    return lists.CASES.for_user(request.user).respond(request, "applications/staff/case_list.html")


@staff_view(VIEW)
def dashboard(request):
    user = request.user
    cases = lists.CASES.for_user(user)
    due_soon = list(queries.due_soon().select_related("handler").order_by("due_on"))
    overdue = list(queries.overdue().select_related("handler").order_by("due_on"))
    context = {
        "due_soon": cases.static_table(request, due_soon, suffix="due-soon"),
        "overdue": cases.static_table(request, overdue, suffix="overdue"),
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
    # the numbered notices are reviewed here too (issue 10), after they went out
    notices = (
        Notice.objects.exclude(document_number="")
        .filter(review_decision="")
        .select_related("application", "issued_by")
        .order_by("issued_on", "id")
    )
    return render(
        request, "applications/staff/legal_queue.html", {"letters": letters, "notices": notices[:200]}
    )


@staff_view("applications.legal_review")
@require_POST
def notice_review(request, pk: int, notice_pk: int):
    notice = get_object_or_404(Notice, pk=notice_pk, application_id=pk)
    form = forms.NoticeReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_notice(
                actor=request.user,
                notice=notice,
                approve=form.cleaned_data["decision"] == "approved",
                opinion=form.cleaned_data["opinion"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已记录告知书的法律审查意见。"))
    else:
        messages.error(request, _("请选择审查结论。"))
    return redirect(f"{reverse('applications:case', args=[pk])}#notices")


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
            form_error(form, error)
        else:
            actions.show_warnings(request, submitted.warnings)
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


def _forms_for(request, application: Application, letter: ReplyLetter | None) -> dict:
    """The unbound forms of the actions this user may take on the case in its present state."""
    found: dict = {}
    for action in policy.available_actions(application, request.user, letter=letter):
        initial = {name: queries.today() for name in action.today}
        if action.key == "assign":
            initial["handler"] = application.handler_id
        if action.key == "reply_draft" and letter is not None:
            initial.update(outcome=letter.outcome, body=letter.body)
        found[action.key] = _with_action(action.form(initial=initial), action)
    return found


def _with_action(form, action: actions.StaffAction):
    # Each form's fields are named after its action ("sign-signed_on"), so ids are unique on the page;
    # the template reads the heading, button and URL from the action.
    form.prefix, form.staff_action = action.key, action
    return form


def _render_case(request, application: Application, *, bound: dict | None = None, status: int = 200):
    letter = ReplyLetter.objects.filter(application=application).first()
    case = queries.clock_for(application)
    action_forms = _forms_for(request, application, letter)
    action_forms.update(bound or {})
    full = sees_applicant(request.user)
    preview = queries.letter_content(letter, public_copy=not full) if letter else None
    state = case.state if case else None
    fee_decisions = list(application.fee_decisions.all())
    for decision in fee_decisions:
        decision.shown_explanation = labels.fee_explanation(
            decision, queries.FEE_FORM_OF[ProvisionForm(application.provision_form)]
        )
    explained = {decision.explanation: decision.shown_explanation for decision in fee_decisions}
    events = list(application.clock_events.select_related("recorded_by"))
    methods = dict(Delivery.Method.choices)
    for event in events:  # a fee notice's note is its 计算说明; a reply's, the delivery method's code
        if event.kind == clock.EventKind.REPLIED and event.note in methods:
            event.shown_note = methods[event.note]
        else:
            event.shown_note = explained.get(event.note) or labels.message(event.note)
    context = {
        "application": application,
        "full": full,
        "case": case,
        "state": state,
        "supplement_notice": labels.label_lazy(state.supplement_notice.label) if state else "",
        "expected_actions": [labels.message(action.message) for action in state.expected_actions]
        if state
        else [],
        "clock_warnings": [labels.message(warning) for warning in state.warnings] if state else [],
        "events": events,
        "notices": application.notices.all(),
        "consultations": application.consultations.all(),
        "open_consultations": [c for c in application.consultations.all() if c.ended_on is None],
        "today": queries.today(),
        "extensions": application.extension_requests.select_related("requested_by", "decided_by"),
        "fee_decisions": fee_decisions,
        "letter": letter,
        "preview": preview,
        "reviews": letter.reviews.select_related("reviewer") if letter else [],
        "deliveries": application.deliveries.all(),
        "attachments": application.attachments.all(),
        "appeals": application.appeals.all(),
        "links": application.links.select_related("related"),
        "linked_from": application.linked_from.select_related("application"),
        "repeat_candidates": queries.repeat_candidates(application) if request.user.has_perm(HANDLE) else [],
        "trail": trail_for(application),
        "forms": action_forms,
        "left": queries.workdays_left(application),
    }
    return render(request, "applications/staff/case.html", context, status=status)


@staff_view(VIEW)
def case_detail(request, pk: int):
    application = _case(request, pk)
    if sees_applicant(request.user):
        # The page shows the applicant's identity number, phone and address in full.
        record(actor=request.user, action="application.view_applicant", target=application)
    return _render_case(request, application)


def _action(action: actions.StaffAction):
    """The POST endpoint of one action on a case: validate the form, call the service, report back."""

    @staff_view(action.permission)
    @require_POST
    def view(request, pk: int):
        application = _case(request, pk)
        form = action.form(request.POST, request.FILES if action.uploads else None, prefix=action.key)
        if form.is_valid():
            try:
                message = action.run(request, application, form.cleaned_data)
            except DomainError as error:
                form_error(form, error)
            else:
                if message:
                    messages.success(request, message)
                return redirect(f"{application.get_absolute_url()}#{action.key}")
        messages.error(request, _("操作未完成，请检查表单中的错误。"))
        return _render_case(request, application, bound={action.key: _with_action(form, action)}, status=400)

    view.__name__ = f"action_{action.key}"
    return view


ACTIONS = actions.ACTIONS
ACTION_VIEWS = {key: _action(action) for key, action in ACTIONS.items()}


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
    if fmt in {"docx", "pdf"} and (letter.docx if fmt == "docx" else letter.pdf):
        record(
            actor=request.user,
            action="application.letter.download",
            target=letter.application,
            after={"file": f"{name}.{fmt}"},
        )
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
def notice_file(request, pk: int, notice_pk: int, fmt: str):
    """A numbered notice (补正、延期、征求意见、收费、终止 …) as DOCX or PDF, rendered from its stored text;
    it carries the recipient's name, so only for staff who see applicants."""
    notice = get_object_or_404(Notice.objects.select_related("application"), pk=notice_pk, application_id=pk)
    if not notice.is_document or fmt not in {"docx", "pdf"}:
        raise Http404
    content = queries.notice_content(notice)
    name = f"{notice.get_kind_display()}-{notice.application.tracking_number}-{notice.pk}.{fmt}"
    record(
        actor=request.user,
        action="application.notice.download",
        target=notice.application,
        after={"file": name},
    )
    if fmt == "docx":
        data = documents.letter_docx(content)
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data, kind = documents.letter_pdf(content), "application/pdf"
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    return response


@staff_view(VIEW_APPLICANT)
def attachment_file(request, pk: int, attachment_pk: int):
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application_id=pk)
    extension = attachment.file.name.rsplit(".", 1)[-1]
    kind = attachment.get_kind_display()
    name = f"{attachment.application.tracking_number}-{kind}-{attachment.pk}.{extension}"
    if attachment.file:
        record(
            actor=request.user,
            action="application.attachment.download",
            target=attachment.application,
            after={"attachment": attachment.pk, "kind": attachment.kind, "file": name},
        )
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


@staff_view("applications.view_statistics")
def statistics_view(request):
    year = report_year(request.GET, default=queries.today().year)
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
