"""Public pages (the notices, a project's stages with their dates, approved comments with answers, the
comment form) and the staff console (projects, notices, publication, moderation, answers). Thin: every
change goes through services."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.audit.queries import trail_for
from gongkai.core import publishing
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error
from gongkai.core.middleware import client_ip
from gongkai.eia import guard, lists, queries, rules, services
from gongkai.eia.forms import (
    AnswerForm,
    CommentForm,
    CorrectionForm,
    ModerateForm,
    NoticeForm,
    ProjectForm,
    PublishForm,
    WithdrawForm,
)
from gongkai.eia.models import Comment, Notice, Project, Stage

logger = logging.getLogger(__name__)

SESSION_KEY = "eia_comment_submitted"


# --- public -----------------------------------------------------------------------------------


@require_safe
def index(request):
    return lists.NOTICES.respond(
        request, "eia/index.html", lambda: {"open_count": queries.open_notices().count()}
    )


@require_safe
def project(request, pk: int):
    item = get_object_or_404(queries.public_projects().prefetch_related("notices__corrections"), pk=pk)
    rows = queries.stage_rows(item, public=True)
    open_notice = next(
        (row.notice for row in reversed(rows) if row.notice and services.accepts_comments(row.notice)), None
    )
    return render(
        request,
        "eia/project.html",
        {
            "project": item,
            "rows": rows,
            "open_notice": open_notice,
            "comments": queries.public_comments(item),
            "builder_ref": queries.builder_ref(item),
        },
    )


def _published_notice(pk: int) -> Notice:
    return get_object_or_404(Notice.objects.published().select_related("project"), pk=pk)


def _file_response(notice: Notice) -> FileResponse:
    if not notice.document:
        raise Http404
    try:
        handle = notice.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf")
    name = notice.document_name or f"{notice.get_stage_display()}.pdf"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{escape_uri_path(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def document(request, pk: int):
    return _file_response(_published_notice(pk))


@never_cache
@require_http_methods(["GET", "POST"])
def comment(request, pk: int):
    notice = _published_notice(pk)
    template = "eia/comment.html"
    context = {"notice": notice, "project": notice.project}
    if not services.accepts_comments(notice):
        return render(
            request, template, {**context, "closed": True}, status=200 if request.method == "GET" else 400
        )
    if request.method != "POST":
        return render(request, template, {**context, "form": CommentForm()})
    form = CommentForm(request.POST)
    ip = client_ip(request) or "unknown"
    if not guard.allow(ip):
        return render(request, template, {**context, "form": form, "rate_limited": True}, status=429)
    spam = form.spam_reason()
    if spam is not None:
        logger.info("环评公众意见表被拦截（%s）", spam)
        form.is_valid()
        form.add_error(
            None,
            _("提交未成功：请在页面上正常填写后再提交。如页面打开时间过长或提交过快，请刷新页面后重新提交。"),
        )
    elif form.is_valid():
        try:
            submitted = services.submit_comment(
                notice=notice,
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
                content=form.cleaned_data["content"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            request.session[SESSION_KEY] = submitted.number
            return redirect("eia:comment_thanks", pk=notice.project_id)
    if spam is None:
        guard.release(ip)
    data = form.data.copy()
    data["form_token"] = guard.form_token()  # the one sent was used up
    form.data = data
    return render(request, template, {**context, "form": form}, status=400)


@never_cache
@require_safe
def comment_thanks(request, pk: int):
    item = get_object_or_404(queries.public_projects(), pk=pk)
    number = request.session.pop(SESSION_KEY, None)
    if number is None:
        return redirect(item)
    return render(request, "eia/comment_thanks.html", {"project": item, "number": number})


# --- staff ------------------------------------------------------------------------------------


@staff_view("eia.view_project")
@require_safe
def staff_projects(request):
    return lists.PROJECTS.respond(request, "eia/staff/projects.html")


@staff_view("eia.add_project")
@require_http_methods(["GET", "POST"])
def staff_project_new(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_project(actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("项目已保存。"))
            return redirect("eia:staff_project", pk=created.pk)
    return render(request, "eia/staff/project_form.html", {"form": form, "project": None})


@staff_view("eia.change_project")
@require_http_methods(["GET", "POST"])
def staff_project_edit(request, pk: int):
    item = get_object_or_404(Project, pk=pk)
    form = ProjectForm(request.POST or None, initial=ProjectForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(actor=request.user, project=item, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("项目已保存。"))
            return redirect("eia:staff_project", pk=item.pk)
    return render(request, "eia/staff/project_form.html", {"form": form, "project": item})


@staff_view("eia.view_project")
@require_safe
def staff_project(request, pk: int):
    item = get_object_or_404(Project.objects.prefetch_related("notices"), pk=pk)
    comments = item.comments.select_related("notice").order_by("-submitted_at")[:200]
    return render(
        request,
        "eia/staff/project.html",
        {
            "project": item,
            "rows": queries.stage_rows(item, public=False),
            "comments": comments,
            "comment_count": item.comments.count(),
            "builder_ref": queries.builder_ref(item),
            "trail": trail_for(item),
            "publish_form": PublishForm(),
            "can_see_commenter": request.user.has_perm(lists.VIEW_COMMENTER),
            "has_public_page": any(notice.is_published for notice in item.notices.all()),
            "can_publish": publishing.available(),
        },
    )


@staff_view("eia.change_notice")
@require_http_methods(["GET", "POST"])
def staff_notice(request, pk: int, stage: str):
    item = get_object_or_404(Project, pk=pk)
    if stage not in rules.STAGES_BY_KIND.get(item.kind, ()):
        raise Http404
    notice = item.notices.filter(stage=stage).first()
    if notice is not None and notice.is_published:
        messages.info(request, _("该公示已发布，不能再修改。"))
        return redirect("eia:staff_project", pk=item.pk)
    initial = {}
    if notice is not None:
        initial = {name: getattr(notice, name) for name in ("formed_on", *services.PUBLIC_TEXT_FIELDS)}
    elif stage == Stage.PRE_APPROVAL:
        initial = {"hearing_text": rules.default_hearing_text()}
    form = NoticeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_notice(
                actor=request.user,
                project=item,
                stage=stage,
                data=form.cleaned_data,
                upload=form.cleaned_data.get("document"),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("公示草稿已保存。"))
            return redirect("eia:staff_project", pk=item.pk)
    return render(
        request,
        "eia/staff/notice_form.html",
        {
            "form": form,
            "project": item,
            "notice": notice,
            "stage_label": Stage(stage).label,
            "window_workdays": rules.window_workdays(stage, item.document_kind),
            "publish_workdays": rules.publish_workdays(stage),
        },
    )


@staff_view("eia.publish_notice")
@require_POST
def staff_notice_publish(request, pk: int):
    notice = get_object_or_404(Notice.objects.select_related("project"), pk=pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish_notice(
                actor=request.user, notice=notice, override_reason=form.cleaned_data["override_reason"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("公示已发布。"))
    else:
        messages.error(request, _("放行理由含有不允许的字符。"))
    return redirect("eia:staff_project", pk=notice.project_id)


@staff_view("eia.publish_notice")
@require_http_methods(["GET", "POST"])
def staff_notice_correct(request, pk: int):
    notice = get_object_or_404(Notice.objects.select_related("project"), pk=pk)
    if not notice.is_published:
        return redirect("eia:staff_notice", pk=notice.project_id, stage=notice.stage)
    initial = {name: getattr(notice, name) for name in services.PUBLIC_TEXT_FIELDS}
    form = CorrectionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.correct_notice(
                actor=request.user,
                notice=notice,
                data=data,
                reason=data["reason"],
                upload=data.get("document"),
                override_reason=data["override_reason"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("更正已发布。"))
            return redirect("eia:staff_project", pk=notice.project_id)
    return render(
        request, "eia/staff/notice_correct.html", {"form": form, "notice": notice, "project": notice.project}
    )


@staff_view("eia.withdraw_notice")
@require_POST
def staff_notice_withdraw(request, pk: int):
    notice = get_object_or_404(Notice.objects.select_related("project"), pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤回原因。"))
    else:
        try:
            services.withdraw_notice(actor=request.user, notice=notice, reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("公示已撤回。"))
    return redirect("eia:staff_project", pk=notice.project_id)


@staff_view("eia.publish_notice")
@require_POST
def staff_notice_to_publishing(request, pk: int):
    notice = get_object_or_404(Notice.objects.select_related("project"), pk=pk)
    try:
        ref = services.hand_to_publishing(actor=request.user, notice=notice)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已生成主动公开文件草稿，待提交审核。"))
        return redirect(ref.staff_url)
    return redirect("eia:staff_project", pk=notice.project_id)


@staff_view("eia.view_project")
@require_safe
def staff_notice_document(request, pk: int):
    return _file_response(get_object_or_404(Notice, pk=pk))


@staff_view("eia.view_comment")
@require_safe
def staff_comments(request):
    return lists.COMMENTS.for_user(request.user).respond(request, "eia/staff/comments.html")


def _comment_page(request, item: Comment, *, moderate_form=None, answer_form=None, status=200):
    return render(
        request,
        "eia/staff/comment.html",
        {
            "comment": item,
            "can_see_commenter": request.user.has_perm(lists.VIEW_COMMENTER),
            "moderate_form": moderate_form
            or ModerateForm(initial={"decision": "approve", "published_content": item.content}),
            "answer_form": answer_form or AnswerForm(initial={"answer": item.answer}),
            "trail": trail_for(item),
        },
        status=status,
    )


@staff_view("eia.view_comment")
@require_safe
def staff_comment(request, pk: int):
    return _comment_page(
        request, get_object_or_404(Comment.objects.select_related("project", "notice"), pk=pk)
    )


@staff_view("eia.moderate_comment")
@require_POST
def staff_comment_moderate(request, pk: int):
    item = get_object_or_404(Comment.objects.select_related("project", "notice"), pk=pk)
    form = ModerateForm(request.POST)
    if form.is_valid():
        try:
            services.moderate_comment(
                actor=request.user,
                comment=item,
                approve=form.cleaned_data["decision"] == "approve",
                published_content=form.cleaned_data["published_content"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("审核结果已保存。"))
            return redirect("eia:staff_comment", pk=item.pk)
    return _comment_page(request, item, moderate_form=form, status=400)


@staff_view("eia.answer_comment")
@require_POST
def staff_comment_answer(request, pk: int):
    item = get_object_or_404(Comment.objects.select_related("project", "notice"), pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_comment(actor=request.user, comment=item, answer=form.cleaned_data["answer"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("答复已保存。"))
            return redirect("eia:staff_comment", pk=item.pk)
    return _comment_page(request, item, answer_form=form, status=400)
