"""The staff console of 主动公开. Thin views: every change goes through services.py (or
importing.py), each guarded by the permission its service checks."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.audit.queries import trail_for
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error, report_year
from gongkai.core.listing import export_response, paginate
from gongkai.core.models import Organisation
from gongkai.disclosure import editor, importing, lists, queries, services, wordimport
from gongkai.disclosure.forms import (
    ApproveForm,
    CatalogueItemForm,
    DocumentForm,
    LegacyImportForm,
    LegacyReviewForm,
    ReasonForm,
    ReviewForm,
    SpreadsheetForm,
    UploadForm,
    WordImportForm,
)
from gongkai.disclosure.models import (
    Attachment,
    CatalogueItem,
    Document,
    LegacyBatch,
    LegacyRow,
    PrivacyHit,
    Resolution,
    Status,
)
from gongkai.disclosure.views_public import attachment_response
from gongkai.intake import queries as intake_queries
from gongkai.intake import services as intake_services

LEGACY_IMPORTER = "disclosure.legacy"

VIEW = "disclosure.view_document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _back(document: Document):
    return redirect("disclosure:staff_document", pk=document.pk)


def _run(request, document: Document, action, success: str):
    """Run a workflow action posted from the document page; report the result as a message."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _back(document)


# --- overview ---------------------------------------------------------------------------------


@staff_view(VIEW)
def dashboard(request):
    user = request.user
    open_documents = Document.objects.exclude(status__in=[Status.PUBLISHED, Status.WITHDRAWN, Status.MERGED])
    counts = dict(open_documents.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    queues = []
    if user.has_perm("disclosure.change_document"):
        queues.append((_("草稿和被退回的文件"), open_documents.filter(status=Status.DRAFT)))
    if user.has_perm("disclosure.review_document"):
        queues.append((_("待保密审查"), open_documents.filter(status=Status.IN_REVIEW)))
    if user.has_perm("disclosure.approve_document"):
        queues.append((_("待领导审批"), open_documents.filter(status=Status.AWAITING_APPROVAL)))
    entries = queries.unpublished_deadlines()
    deadlines = [entry for entry in entries if entry.overdue]
    due_soon = [entry for entry in entries if entry.due_soon]
    year = timezone.localdate().year
    return render(
        request,
        "disclosure/staff/dashboard.html",
        {
            "counts": [(status, counts.get(status.value, 0)) for status in Status if status.value in counts],
            "queues": [
                (label, documents.select_related("catalogue_item")[:20]) for label, documents in queues
            ],
            "overdue": deadlines,
            "due_soon": due_soon,
            "warn_workdays": queries.warn_workdays(),
            "late": queries.late_documents(year=year)[:20],
            "late_count": queries.late_documents(year=year).count(),
            "year": year,
            "can_see_timeliness": user.has_perm("disclosure.view_timeliness"),
        },
    )


# --- documents --------------------------------------------------------------------------------


@staff_view(VIEW)
def document_list(request):
    return lists.STAFF_DOCUMENTS.respond(request, "disclosure/staff/document_list.html")


@staff_view("disclosure.add_document")
@require_http_methods(["GET", "POST"])
def document_create(request):
    form = DocumentForm(request.POST or None, initial={"issuing_organ": Organisation.current().name})
    if request.method == "POST" and form.is_valid():
        fields, interprets = form.service_fields()
        try:
            document = services.create_document(actor=request.user, interprets=interprets, **fields)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("草稿已保存。可上传附件，然后提交保密审查。"))
            _warn_number_year(request, document)
            return _back(document)
    return _document_form(request, form, None)


@staff_view("disclosure.change_document")
@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    if not document.is_editable:
        messages.error(request, _("只有草稿可以修改；已发布的文件请发起修订。"))
        return _back(document)
    form = DocumentForm(request.POST or None, initial=DocumentForm.initial_for(document))
    if request.method == "POST" and form.is_valid():
        fields, interprets = form.service_fields()
        try:
            services.update_document(actor=request.user, document=document, interprets=interprets, **fields)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            _warn_number_year(request, document)
            return _back(document)
    return _document_form(request, form, document)


def _document_form(request, form: DocumentForm, document: Document | None):
    """The draft form; its 正文 textarea becomes the rich-text editor (disclosure/assets/editor.js)
    when scripts run, and stays a plain textarea when they do not."""
    form.fields["body"].widget.attrs.update(editor.textarea_attributes(document))
    return render(
        request,
        "disclosure/staff/document_form.html",
        {"form": form, "document": document, "editor_labels": editor.labels()},
    )


@staff_view("disclosure.change_document")
@require_POST
def word_import(request):
    """从 Word 导入: the body HTML of an uploaded .docx, as JSON for the editor. Nothing is saved: the
    editor reviews the text and saves the draft as usual (its update is audited then)."""
    form = WordImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(
            {"error": " ".join(e for errors in form.errors.values() for e in errors)}, status=400
        )
    upload = form.cleaned_data["file"]
    if upload.size > wordimport.max_bytes():
        error = _("Word 文档过大（上限 %(mb)d MB）。") % {"mb": wordimport.max_bytes() // 2**20}
        return JsonResponse({"error": error}, status=400)
    try:
        imported = wordimport.import_docx(name=upload.name, data=upload.read())
    except DomainError as error:
        return JsonResponse({"error": error.message}, status=400)
    return JsonResponse({"html": imported.html, "warnings": imported.warnings})


def _warn_number_year(request, document: Document) -> None:
    year = document.number_year_conflict
    if year is not None:
        messages.warning(request, _number_year_text(document, year))


def _number_year_text(document: Document, year: int) -> str:
    return _("文号中的年份（%(n)d）与成文日期的年份（%(f)d）不一致，请核对。") % {
        "n": year,
        "f": document.date_formed.year,
    }


@staff_view(VIEW)
def document_detail(request, pk: int):
    document = get_object_or_404(
        Document.objects.select_related("catalogue_item", "revision_of", "reviewed_by", "approved_by"), pk=pk
    )
    hits = document.privacy_hits.filter(
        Q(attachment__isnull=True) | Q(attachment__retired_in__isnull=True)
    ).select_related("attachment", "resolved_by")
    trail = trail_for(document)
    return render(
        request,
        "disclosure/staff/document_detail.html",
        {
            "document": document,
            "attachments": document.current_attachments(),
            "hits": hits,
            "pending": sum(1 for hit in hits if hit.resolution == Resolution.PENDING),
            "trail": trail,
            "open_revision": document.revision_drafts.exclude(status=Status.MERGED).first(),
            "upload_form": UploadForm(),
            "reason_form": ReasonForm(),
            "review_form": ReviewForm(),
            "approve_form": ApproveForm(document=document),
            "interprets": document.interprets.all(),
            "interpretations": document.interpretations.all(),
            "legacy_row": LegacyRow.objects.select_related("review__reviewer")
            .filter(document=document)
            .first(),
        },
    )


@staff_view(VIEW)
def history(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    return render(
        request,
        "disclosure/staff/history.html",
        {
            "document": document,
            "revisions": document.revisions.select_related("published_by"),
            "retired": document.attachments.filter(retired_in__isnull=False),
        },
    )


@staff_view("disclosure.change_document")
@require_POST
def attachment_add(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return _back(document)
    for upload in form.cleaned_data["files"]:
        try:
            services.add_attachment(
                actor=request.user, document=document, name=upload.name, data=upload.read()
            )
        except DomainError as error:
            messages.error(request, f"{upload.name}：{error.message}")
        else:
            messages.success(request, _("已上传 %(n)s。") % {"n": upload.name})
    return _back(document)


@staff_view("disclosure.change_document")
@require_POST
def attachment_remove(request, pk: int):
    file = get_object_or_404(Attachment, pk=pk)
    return _run(
        request,
        file.document,
        lambda: services.remove_attachment(actor=request.user, attachment=file),
        _("已删除附件。"),
    )


@staff_view("disclosure.change_document")
@require_POST
def attachment_update(request, pk: int):
    """The editor sets an attachment's public title and its order (issue 13)."""
    file = get_object_or_404(Attachment, pk=pk)
    try:
        order = int(request.POST.get("order", file.order))
    except ValueError:
        order = -1
    return _run(
        request,
        file.document,
        lambda: services.update_attachment(
            actor=request.user, attachment=file, title=request.POST.get("title", ""), order=order
        ),
        _("已保存附件标题和排序。"),
    )


@staff_view(VIEW)
def attachment_original(request, pk: int):
    return attachment_response(get_object_or_404(Attachment, pk=pk), public=False, inline=False)


@staff_view(VIEW)
def attachment_preview(request, pk: int):
    """What the public will get for this attachment (the redacted rendition, if any)."""
    return attachment_response(get_object_or_404(Attachment, pk=pk), public=True)


@staff_view("disclosure.change_document")
@require_POST
def submit(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    return _run(
        request,
        document,
        lambda: services.submit_for_review(actor=request.user, document=document),
        _("已提交保密审查。"),
    )


@staff_view("disclosure.change_document")
@require_POST
def recall(request, pk: int):
    """The editor withdraws an unreviewed submission back to a draft (issue 13)."""
    document = get_object_or_404(Document, pk=pk)
    return _run(
        request,
        document,
        lambda: services.recall_submission(actor=request.user, document=document),
        _("已撤回提交，文件回到草稿。"),
    )


@staff_view(VIEW)
@require_POST
def return_document(request, pk: int):
    """Reviewers (in review) and leaders (awaiting approval, scheduled) return; the service checks which."""
    document = get_object_or_404(Document, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")
    return _run(
        request,
        document,
        lambda: services.return_document(actor=request.user, document=document, reason=reason),
        _("已退回编辑修改。"),
    )


@staff_view("disclosure.review_document")
@require_POST
def review(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    note = request.POST.get("note", "")
    return _run(
        request,
        document,
        lambda: services.pass_review(actor=request.user, document=document, note=note),
        _("保密审查已通过，已送领导审批。"),
    )


@staff_view("disclosure.review_document")
@require_POST
def redact_all(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    return _run(
        request,
        document,
        lambda: services.redact_all(actor=request.user, document=document),
        _("已对可自动脱敏的个人信息全部脱敏。"),
    )


@staff_view("disclosure.review_document")
@require_POST
def hit_redact(request, pk: int):
    hit = get_object_or_404(PrivacyHit, pk=pk)
    return _run(
        request,
        hit.document,
        lambda: services.redact_hit(actor=request.user, hit=hit),
        _("已脱敏：%(m)s") % {"m": hit.masked},
    )


@staff_view("disclosure.review_document")
@require_POST
def hit_override(request, pk: int):
    hit = get_object_or_404(PrivacyHit, pk=pk)
    reason = request.POST.get("reason", "")
    return _run(
        request,
        hit.document,
        lambda: services.override_hit(actor=request.user, hit=hit, reason=reason),
        _("已保留公开并记录理由。"),
    )


@staff_view("disclosure.approve_document")
@require_POST
def approve(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    form = ApproveForm(request.POST, document=document)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return _back(document)
    publish_at = form.cleaned_data.get("publish_at")
    if publish_at and publish_at > timezone.now():
        done = _("已批准，将于 %(t)s 发布。") % {
            "t": timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M")
        }
    else:
        done = _("已批准并发布。")
    return _run(
        request,
        document,
        lambda: services.approve_document(
            actor=request.user,
            document=document,
            publish_at=publish_at,
            interpretations=list(form.cleaned_data.get("interpretations") or []),
        ),
        done,
    )


@staff_view("disclosure.withdraw_document")
@require_POST
def withdraw(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    reason = request.POST.get("reason", "")
    return _run(
        request,
        document,
        lambda: services.withdraw_document(actor=request.user, document=document, reason=reason),
        _("已撤回，公开页面保留记录并说明原因。"),
    )


@staff_view("disclosure.change_document")
@require_POST
def revise(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    reason = request.POST.get("reason", "")
    try:
        changed_on = _posted_date(request, "changed_on")
        draft = services.start_revision(
            actor=request.user, document=document, reason=reason, changed_on=changed_on
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _back(document)
    messages.success(request, _("已生成修订稿，修改后提交审查；发布前原文件保持不变。"))
    return _back(draft)


def _posted_date(request, name: str):
    text = request.POST.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(_("日期格式应为 YYYY-MM-DD。"), field=name) from None


@staff_view("disclosure.withdraw_document")
@require_POST
def replace(request, pk: int):
    """行政处罚法 Art. 48: withdraw a changed decision with its reason and draft the corrected one."""
    document = get_object_or_404(Document, pk=pk)
    try:
        draft = services.withdraw_and_replace(
            actor=request.user,
            document=document,
            reason=request.POST.get("reason", ""),
            changed_on=_posted_date(request, "changed_on"),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _back(document)
    messages.success(request, _("原文件已撤回并公开说明原因；已生成更正文件草稿，审查审批后发布。"))
    return _back(draft)


# --- catalogue --------------------------------------------------------------------------------


@staff_view("disclosure.view_catalogueitem")
def catalogue_list(request):
    items = CatalogueItem.objects.order_by("code").annotate(
        documents_count=Count("documents", filter=Q(documents__status=Status.PUBLISHED))
    )
    fmt = request.GET.get("export")
    if fmt == "xlsx":
        response = HttpResponse(importing.export_catalogue_xlsx(), content_type=XLSX)
        response["Content-Disposition"] = "attachment; filename=catalogue.xlsx"
        return response
    if fmt == "csv":
        return export_response(
            fmt="csv",
            filename="catalogue",
            headers=[label for _name, label in importing.CATALOGUE_COLUMNS],
            rows=importing.catalogue_rows(items),
        )
    return render(request, "disclosure/staff/catalogue_list.html", {"items": items})


def _catalogue_initial(item: CatalogueItem) -> dict:
    return {name: getattr(item, name) for name in CatalogueItemForm.base_fields}


@staff_view("disclosure.change_catalogueitem")
@require_http_methods(["GET", "POST"])
def catalogue_edit(request, pk: int | None = None):
    item = get_object_or_404(CatalogueItem, pk=pk) if pk is not None else None
    initial = _catalogue_initial(item) if item else {"time_limit_start": "formed", "channels": ["政府网站"]}
    form = CatalogueItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_catalogue_item(actor=request.user, item=item, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已保存目录事项。"))
            return redirect("disclosure:staff_catalogue")
    return render(request, "disclosure/staff/catalogue_form.html", {"form": form, "item": item})


@staff_view("disclosure.delete_catalogueitem")
@require_POST
def catalogue_delete(request, pk: int):
    item = get_object_or_404(CatalogueItem, pk=pk)
    try:
        services.delete_catalogue_item(actor=request.user, item=item)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已删除目录事项。"))
    return redirect("disclosure:staff_catalogue")


@staff_view("disclosure.import_catalogueitem")
@require_http_methods(["GET", "POST"])
def catalogue_import(request):
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = importing.import_catalogue(actor=request.user, data=upload.read(), file_name=upload.name)
        except DomainError as error:
            form_error(form, error)
        else:
            if report.applied:
                messages.success(request, _("已导入%(n)d行。") % {"n": len(report.rows)})
            else:
                messages.error(request, _("有%(n)d行错误，未导入任何内容。") % {"n": len(report.errors)})
    return render(request, "disclosure/staff/catalogue_import.html", {"form": form, "report": report})


# --- timeliness and figures -------------------------------------------------------------------


@staff_view("disclosure.view_timeliness")
def timeliness(request):
    exported = lists.TIMELINESS.export_if_asked(request)
    if exported:
        return exported
    year = report_year(request.GET)
    table = queries.timeliness_table(year=year)
    return render(
        request,
        "disclosure/staff/timeliness.html",
        {
            "year": year,
            "table": table,
            "total_published": sum(row.published for row in table),
            "total_late": sum(row.late for row in table),
            "late": queries.late_documents(year=year),
            "overdue": [entry for entry in queries.unpublished_deadlines() if entry.overdue],
        },
    )


@staff_view("disclosure.view_figures")
def figures(request):
    year = report_year(request.GET)
    rows = queries.table2(year=year)
    exported = lists.TABLE2.export_if_asked(request, rows)
    if exported:
        return exported
    from gongkai.disclosure.models import Table2Freeze

    return render(
        request,
        "disclosure/staff/figures.html",
        {
            "year": year,
            "rows": [dataclasses.replace(row, label=_(row.label)) for row in rows],
            "freeze": Table2Freeze.objects.filter(year=year).first(),
        },
    )


@staff_view("disclosure.freeze_figures")
@require_POST
def freeze_figures(request):
    year = report_year(request.POST)
    try:
        services.freeze_table2(actor=request.user, year=year)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已锁定%(y)d年的表二数据，年报按锁定的数据填报。") % {"y": year})
    return redirect(f"{reverse('disclosure:staff_figures')}?year={year}")


# --- legacy import ----------------------------------------------------------------------------


@staff_view("disclosure.import_document")
@require_http_methods(["GET", "POST"])
def legacy_import(request):
    """Upload only: the worker checks, extracts, scans and publishes (intake job page shows progress)."""
    form = LegacyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, archive = form.cleaned_data["file"], form.cleaned_data.get("archive")
        try:
            job = intake_services.start_job(
                actor=request.user,
                importer=LEGACY_IMPORTER,
                filename=upload.name,
                content=upload.read(),
                extra_content=archive.read() if archive else None,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            return redirect("intake:job", pk=job.pk)
    jobs = intake_queries.jobs_of(request.user, LEGACY_IMPORTER)
    return render(request, "disclosure/staff/import.html", {"form": form, "jobs": jobs})


@staff_view("disclosure.import_document")
def legacy_template(request):
    response = HttpResponse(importing.legacy_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename=legacy-import-template.xlsx"
    return response


# --- legacy batches: the reviewer's bulk 保密审查 --------------------------------------------------


@staff_view("disclosure.view_legacybatch")
def legacy_batches(request):
    batches = (
        LegacyBatch.objects.select_related("imported_by")
        .annotate(
            row_count=Count("rows", distinct=True),
            reviewed_count=Count("rows", filter=Q(rows__review__isnull=False), distinct=True),
        )
        .order_by("-imported_at", "-pk")
    )
    return render(
        request, "disclosure/staff/legacy_batches.html", {"page": paginate(request, batches, per_page=20)}
    )


@staff_view("disclosure.view_legacybatch")
def legacy_batch(request, pk: int):
    batch = get_object_or_404(LegacyBatch.objects.select_related("imported_by"), pk=pk)
    rows = batch.rows.select_related("document", "review").order_by("line")
    open_lines = [row.line for row in importing.reviewable_rows(batch)]
    return render(
        request,
        "disclosure/staff/legacy_batch.html",
        {
            "batch": batch,
            "page": paginate(request, rows, per_page=50),
            "reviews": batch.reviews.select_related("reviewer"),
            "open_count": len(open_lines),
            "open_scope": importing.lines_text(open_lines),
            "form": LegacyReviewForm(),
            "can_review": request.user.has_perm("disclosure.review_document"),
        },
    )


@staff_view("disclosure.review_document")
@require_POST
def legacy_batch_review(request, pk: int):
    batch = get_object_or_404(LegacyBatch, pk=pk)
    form = LegacyReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写保密审查意见。"))
        return redirect("disclosure:staff_legacy_batch", pk=batch.pk)
    try:
        review = importing.review_batch(
            actor=request.user,
            batch=batch,
            opinion=form.cleaned_data["opinion"],
            lines=form.cleaned_data["lines"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("批量保密审查已记录（%(scope)s，共%(n)d份），文件已按原发布日期发布。")
            % {"scope": review.scope_text, "n": len(review.lines)},
        )
    return redirect("disclosure:staff_legacy_batch", pk=batch.pk)
