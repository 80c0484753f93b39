"""Staff pages of 互动交流: thin views over services.py, each guarded by its permission (`staff_view`)."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.audit.queries import trail_for
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error, report_year
from gongkai.interaction import connectors, forms, lists, queries, services
from gongkai.interaction.models import (
    CaseLead,
    Comment,
    Consultation,
    Message,
    OpinionItem,
    PressEvent,
    Publication,
    Status,
)


def _message_context(request, message: Message, **forms_given) -> dict:
    user = request.user
    context = {
        "message": message,
        "trail": trail_for(message),
        "can_moderate": message.status == Status.PENDING and user.has_perm(services.MODERATE),
        "can_assign": message.status in (Status.ACCEPTED, Status.ASSIGNED) and user.has_perm(services.ASSIGN),
        "can_reply": message.status == Status.ASSIGNED and services._may_reply(user, message),
        "can_publish": message.status == Status.REPLIED
        and message.consent_publish
        and user.has_perm(services.MODERATE),
        "can_transfer": message.is_report
        and message.status in (Status.ACCEPTED, Status.ASSIGNED, Status.REPLIED)
        and not hasattr(message, "case_lead")
        and user.has_perm(services.TRANSFER),
        "moderate_form": forms.ModerateForm(),
        "assign_form": forms.AssignForm(
            initial={"department": message.department, "handler": message.handler_id}
        ),
        "reply_form": forms.ReplyForm(),
        "publish_form": forms.PublishForm(
            initial=services.redacted_copy(message) if message.status == Status.REPLIED else None
        ),
        "transfer_form": forms.TransferForm(),
    }
    context.update(forms_given)
    return context


@staff_view("interaction.view_message")
def message_list(request):
    return lists.MESSAGES.respond(request, "interaction/staff/messages.html")


@staff_view("interaction.view_message")
def message_detail(request, pk: int):
    message = get_object_or_404(
        Message.objects.select_related("handler", "moderated_by", "replied_by"), pk=pk
    )
    return render(request, "interaction/staff/message.html", _message_context(request, message))


def _action(request, pk, form_class, form_key, run):
    message = get_object_or_404(Message, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(message, form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            flash.success(request, _("已保存。"))
            return redirect("interaction:staff_message", pk=pk)
    return render(
        request,
        "interaction/staff/message.html",
        _message_context(request, message, **{form_key: form}),
        status=400,
    )


@staff_view(services.MODERATE)
@require_POST
def moderate(request, pk: int):
    return _action(
        request,
        pk,
        forms.ModerateForm,
        "moderate_form",
        lambda m, d: services.moderate(
            actor=request.user, message=m, approve=d["decision"] == "approve", reason=d.get("reason", "")
        ),
    )


@staff_view(services.ASSIGN)
@require_POST
def assign(request, pk: int):
    return _action(
        request,
        pk,
        forms.AssignForm,
        "assign_form",
        lambda m, d: services.assign(
            actor=request.user, message=m, department=d.get("department", ""), handler=d["handler"]
        ),
    )


@staff_view(services.REPLY)
@require_POST
def reply(request, pk: int):
    return _action(
        request,
        pk,
        forms.ReplyForm,
        "reply_form",
        lambda m, d: services.reply(
            actor=request.user, message=m, text=d["text"], publish=d.get("publish", False)
        ),
    )


@staff_view(services.MODERATE)
@require_POST
def publish(request, pk: int):
    return _action(
        request,
        pk,
        forms.PublishForm,
        "publish_form",
        lambda m, d: services.publish(actor=request.user, message=m, **d),
    )


@staff_view(services.MODERATE)
@require_POST
def withdraw(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    try:
        services.withdraw(actor=request.user, message=message)
    except DomainError as error:
        flash.error(request, error.message)
    return redirect("interaction:staff_message", pk=pk)


@staff_view(services.TRANSFER)
@require_POST
def transfer(request, pk: int):
    return _action(
        request,
        pk,
        forms.TransferForm,
        "transfer_form",
        lambda m, d: services.transfer_to_enforcement(
            actor=request.user, message=m, officer=d["officer"], note=d["note"]
        ),
    )


@staff_view("interaction.view_message")
def photo(request, pk: int, photo_pk: int):
    message = get_object_or_404(Message, pk=pk)
    item = get_object_or_404(message.photos, pk=photo_pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type=item.content_type)


@staff_view("interaction.oversee_message")
def overview(request):
    today = timezone.localdate()
    return lists.OVERDUE.respond(
        request,
        "interaction/staff/overview.html",
        lambda: {"veto": queries.veto_risk(today), "soon": queries.due_soon(today).count(), "today": today},
    )


@staff_view("interaction.oversee_message")
def statistics(request):
    year = report_year(request.GET, default=timezone.localdate().year)
    return lists.STATISTICS.respond(
        request,
        "interaction/staff/statistics.html",
        lambda: {"year": year, "figures": queries.year_figures(year)},
    )


@staff_view("core.view_notification")
def notifications(request):
    """Every e-mail and SMS sent through core.notify (recipients masked), with its outcome."""
    return lists.NOTIFICATIONS.respond(request, "interaction/staff/notifications.html")


# --- 举报地图 -----------------------------------------------------------------------------------


def _map_context(request) -> dict:
    from gongkai.interaction.models import DistrictMap

    return {
        "district_map": DistrictMap.current(),
        "points": queries.report_points(),
        "can_upload": request.user.has_perm(services.DISTRICT_MAP),
    }


@staff_view("interaction.view_message")
def report_map(request):
    """The 举报 with a location picked on the map, drawn on the uploaded district map (a table too)."""
    return lists.REPORT_LOCATIONS.respond(
        request, "interaction/staff/map.html", lambda: _map_context(request)
    )


@staff_view(services.DISTRICT_MAP)
@require_http_methods(["GET", "POST"])
def report_map_upload(request):
    """The administrator uploads the district boundaries (the report form's and the staff map)."""
    from gongkai.interaction.models import DistrictMap

    form = forms.DistrictMapForm()
    if request.method == "POST":
        form = forms.DistrictMapForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.upload_district_map(actor=request.user, data=form.cleaned_data["file"].read())
            except DomainError as error:
                form_error(form, error)
            else:
                flash.success(request, _("区县地图已更新。"))
                return redirect("interaction:staff_map_upload")
    context = {"form": form, "district_map": DistrictMap.current()}
    return render(request, "interaction/staff/map_upload.html", context, status=400 if form.errors else 200)


# --- case leads -------------------------------------------------------------------------------


@staff_view("interaction.view_caselead")
def leads(request):
    return lists.LEADS.respond(request, "interaction/staff/leads.html")


@staff_view("interaction.view_caselead")
def lead(request, pk: int):
    item = get_object_or_404(CaseLead.objects.select_related("message", "officer"), pk=pk)
    form = forms.LeadForm(request.POST or None, initial={"outcome": item.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            services.acknowledge_lead(
                actor=request.user, lead=item, outcome=form.cleaned_data.get("outcome", "")
            )
        except DomainError as error:
            form_error(form, error)
        except PermissionDenied:
            form.add_error(None, _("只有接收的执法人员可以签收。"))
        else:
            return redirect("interaction:staff_lead", pk=pk)
    return render(
        request, "interaction/staff/lead.html", {"lead": item, "form": form, "message": item.message}
    )


# --- consultations ------------------------------------------------------------------------------


@staff_view(services.CONSULT)
def consultation_list(request):
    return lists.STAFF_CONSULTATIONS.respond(request, "interaction/staff/consultations.html")


@staff_view(services.CONSULT)
def consultation_edit(request, pk: int | None = None):
    item = get_object_or_404(Consultation, pk=pk) if pk else None
    form = forms.ConsultationForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_consultation(actor=request.user, consultation=item, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            return redirect("interaction:staff_consultation", pk=saved.pk)
    context = {"form": form, "consultation": item}
    if item:
        comments = list(item.comments.all())
        for comment in comments:
            comment.action_key = f"comment-{comment.pk}"
            comment.adoption_form = forms.AdoptionForm(
                initial={"adoption": comment.adoption, "reason": comment.adoption_reason},
                prefix=f"c{comment.pk}",
            )
        context.update(
            comments=comments,
            feedback_form=forms.FeedbackForm(initial={"summary": item.feedback_summary}, prefix="feedback"),
        )
    return render(request, "interaction/staff/consultation.html", context, status=400 if form.errors else 200)


@staff_view(services.CONSULT)
@require_POST
def consultation_action(request, pk: int, action: str):
    item = get_object_or_404(Consultation, pk=pk)
    try:
        if action == "open":
            services.open_consultation(actor=request.user, consultation=item)
        elif action == "feedback":
            services.publish_feedback(
                actor=request.user, consultation=item, summary=request.POST.get("feedback-summary", "")
            )
        elif action.startswith("comment-"):
            comment = get_object_or_404(Comment, pk=int(action.split("-")[1]), consultation=item)
            verb = request.POST.get("verb", "")
            if verb in ("approve", "reject"):
                services.moderate_comment(actor=request.user, comment=comment, approve=verb == "approve")
            else:
                form = forms.AdoptionForm(request.POST, prefix=f"c{comment.pk}")
                if not form.is_valid():
                    raise DomainError(_("请选择采纳情况。"))
                services.set_adoption(
                    actor=request.user,
                    comment=comment,
                    adoption=form.cleaned_data["adoption"],
                    reason=form.cleaned_data.get("reason", ""),
                )
        else:
            raise Http404
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, _("已保存。"))
    return redirect("interaction:staff_consultation", pk=pk)


# --- press events, opinions -------------------------------------------------------------------


@staff_view(services.PRESS)
def press_list(request):
    if request.method == "POST":
        try:
            created = services.plan_press_conferences(
                actor=request.user, year=report_year(request.POST, default=timezone.localdate().year)
            )
        except DomainError as error:
            flash.error(request, error.message)
        else:
            flash.success(request, _("已安排%(n)d场新闻发布会。") % {"n": len(created)})
        return redirect("interaction:staff_press")
    return lists.STAFF_PRESS_EVENTS.respond(
        request, "interaction/staff/press_events.html", {"year": timezone.localdate().year}
    )


@staff_view(services.PRESS)
def press_edit(request, pk: int | None = None):
    item = get_object_or_404(PressEvent, pk=pk) if pk else None
    form = forms.PressEventForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_press_event(
                actor=request.user, event=item, data=form.cleaned_data, opinions=form.cleaned_data["opinions"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            return redirect("interaction:staff_press_edit", pk=saved.pk)
    return render(
        request,
        "interaction/staff/edit.html",
        {"form": form, "title": _("新闻发布会和在线访谈"), "item": item},
        status=400 if form.errors else 200,
    )


@staff_view(services.OPINION)
def opinion_list(request):
    return lists.OPINIONS.respond(request, "interaction/staff/opinions.html")


@staff_view(services.OPINION)
def opinion_edit(request, pk: int | None = None):
    item = get_object_or_404(OpinionItem, pk=pk) if pk else None
    form = forms.OpinionForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_opinion(actor=request.user, item=item, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            return redirect("interaction:staff_opinion_edit", pk=saved.pk)
    return render(
        request,
        "interaction/staff/edit.html",
        {"form": form, "title": _("舆情"), "item": item},
        status=400 if form.errors else 200,
    )


# --- new media ---------------------------------------------------------------------------------


@staff_view(services.NEWMEDIA)
def publication_list(request):
    return lists.PUBLICATIONS.respond(request, "interaction/staff/publications.html")


@staff_view(services.NEWMEDIA)
def publication_edit(request, pk: int | None = None):
    item = get_object_or_404(Publication, pk=pk) if pk else None
    form = forms.PublicationForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_publication(actor=request.user, publication=item, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            return redirect("interaction:staff_publication", pk=saved.pk)
    from gongkai.interaction import newmedia
    from gongkai.interaction.conf import weibo_limit

    context = {
        "form": form,
        "publication": item,
        "channels": connectors.CHANNELS,
        "weibo_limit": weibo_limit(),
    }
    if item:
        context["weibo_length"] = newmedia.weibo_length(item.weibo_text)
        context["postings"] = item.postings.all()
    return render(request, "interaction/staff/publication.html", context, status=400 if form.errors else 200)


@staff_view(services.NEWMEDIA)
@require_POST
def publication_action(request, pk: int, action: str):
    item = get_object_or_404(Publication, pk=pk)
    try:
        if action == "publish":
            services.publish_publication(actor=request.user, publication=item)
        elif action in dict(connectors.CHANNELS):
            posting = services.post_publication(actor=request.user, publication=item, channel=action)
            if not posting.ok:
                raise DomainError(_("推送失败：%(error)s") % {"error": posting.error})
        else:
            raise Http404
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, _("已完成。"))
    return redirect("interaction:staff_publication", pk=pk)


@xframe_options_sameorigin
@csp_replace(
    {
        "style-src": ["'unsafe-inline'"],
        "img-src": ["*", "data:"],
        "script-src": ["'none'"],
        "frame-ancestors": ["'self'"],
    }
)
@staff_view(services.NEWMEDIA)
def publication_preview(request, pk: int):
    """The WeChat article as the account's readers see it: its own page in a sandboxed frame, because the
    article's inline styles are refused by the console's CSP (this page runs no script at all)."""
    item = get_object_or_404(Publication, pk=pk)
    html = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>预览</title></head>'
        f'<body style="margin:0;padding:12px;max-width:677px;">{item.wechat_html}</body></html>'
    )
    return HttpResponse(html)
