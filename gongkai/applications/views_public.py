"""The public side of 依申请公开: the guide (from the rules the code enforces), the application form, the
status page by tracking number and query code, the public copy of the reply, and the statistics.

Nothing here shows personal data: the status page is built from `queries.PublicStatus`, which has no
field for it, and the letter served is the public copy made at signature with the applicant masked.
An unknown tracking number and a wrong query code give the same answer."""

from __future__ import annotations

import logging

from django.core import signing
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.applications import clock, fees, files, guard, queries, receipt, services, statistics
from gongkai.applications.forms import PublicApplicationForm, StatusLookupForm
from gongkai.applications.models import Application, ReplyLetter, Source
from gongkai.applications.outcomes import OutcomeGroup, ReplyOutcome
from gongkai.core.errors import DomainError, form_error
from gongkai.core.middleware import client_ip
from gongkai.core.models import Organisation

logger = logging.getLogger(__name__)

SESSION_KEY = "applications_submitted"
LETTER_SALT = "gongkai.applications.public-letter"
LETTER_LINK_SECONDS = 3600


def _too_many(request, template: str, context: dict):
    context = {**context, "rate_limited": True}
    return render(request, template, context, status=429)


@require_safe
def guide(request):
    """依申请公开指南: every figure comes from the module that enforces it."""
    channels = [(channel.label, receipt.rule_for(channel)[1]) for channel in receipt.Channel]
    per_application = [
        (first, last, fee)
        for first, last, fee in (
            (1, fees.FREE_APPLICATIONS_PER_MONTH, fees.ZERO),
            (fees.FREE_APPLICATIONS_PER_MONTH + 1, fees.SECOND_BAND_LAST, fees.SECOND_BAND_FEE),
            (
                fees.SECOND_BAND_LAST + 1,
                fees.SECOND_BAND_LAST + fees.UPPER_BAND_WIDTH,
                fees.SECOND_BAND_FEE + fees.UPPER_BAND_STEP,
            ),
        )
    ]
    outcomes = [(group.label, [o for o in ReplyOutcome if o.group is group]) for group in OutcomeGroup]
    return render(
        request,
        "applications/public/guide.html",
        {
            "reply_workdays": clock.REPLY_WORKDAYS,
            "extension_workdays": clock.MAX_EXTENSION_WORKDAYS,
            "supplement_workdays": clock.SUPPLEMENT_NOTICE_WORKDAYS,
            "fee_payment_workdays": clock.FEE_PAYMENT_WORKDAYS,
            "fee_wait_counts": queries.fee_wait_counts(),
            "channels": channels,
            "per_application": per_application,
            "band_width": fees.UPPER_BAND_WIDTH,
            "band_step": fees.UPPER_BAND_STEP,
            "per_page": fees.PER_PAGE_BANDS,
            "fee_document": fees.FEE_DOCUMENT,
            "outcomes": outcomes,
            "max_files": files.MAX_ATTACHMENTS,
            "max_mb": files.MAX_ATTACHMENT_BYTES // 1024 // 1024,
            "organisation": Organisation.current(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    template = "applications/public/apply.html"
    if request.method != "POST":
        return render(request, template, {"form": PublicApplicationForm()})
    form = PublicApplicationForm(request.POST, request.FILES)
    ip = client_ip(request) or "unknown"
    nonce = guard.token_nonce(form.data.get("form_token", ""))
    # back + resubmit and double clicks send the same token: the same submission comes back, uncounted
    submission_key = f"form:{ip}:{nonce}" if nonce else ""
    try:
        earlier = services.earlier_submission(submission_key)
    except DomainError:
        earlier = None
    if earlier is not None:
        return _show_submitted(request, earlier)
    # Accepted submissions and spam count toward the limit; a person correcting mistakes does not.
    # The hit is counted before anything else, so parallel submissions cannot all slip under it.
    if not guard.allow("submit", ip, guard.submit_limit()):
        return _too_many(request, template, {"form": form})
    spam = form.spam_reason(client=ip)
    if spam is not None:
        logger.info("依申请公开申请表被拦截（%s）", spam)
        form.is_valid()
        form.add_error(
            None,
            _("提交未成功：请在页面上正常填写后再提交。如页面打开时间过长或提交过快，请刷新页面后重新提交。"),
        )
        form.data = form.data.copy()
        form.data["form_token"] = guard.form_token()
        return render(request, template, {"form": form}, status=400)
    if form.is_valid():
        try:
            submitted = services.submit_application(
                data=form.applicant_data(),
                source=Source.PUBLIC_FORM,
                uploads=form.cleaned_data["attachments"],
                submission_key=submission_key,  # a parallel double click gets this one back
            )
        except DomainError as error:
            form_error(form, error)
        else:
            if submitted.replayed:
                guard.release("submit", ip, guard.submit_limit())
            return _show_submitted(request, submitted)
    guard.release("submit", ip, guard.submit_limit())
    data = form.data.copy()
    data["form_token"] = guard.form_token()  # the one sent was used up
    form.data = data
    return render(request, template, {"form": form}, status=400)


def _show_submitted(request, submitted: services.Submitted):
    request.session[SESSION_KEY] = {
        "tracking_number": submitted.application.tracking_number,
        "query_code": submitted.query_code,
        "emailed": bool(submitted.application.email),
    }
    return redirect("applications:submitted")


@never_cache
@require_safe
def submitted(request):
    """Shows the tracking number and query code once (they leave the session as they are shown)."""
    result = request.session.pop(SESSION_KEY, None)
    if result is None:
        return redirect("applications:status")
    application = Application.objects.filter(tracking_number=result["tracking_number"]).first()
    if application is None:
        return redirect("applications:status")
    return render(
        request,
        "applications/public/submitted.html",
        {**result, "receipt": queries.submission_receipt(application)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    """The applicant's page: POST, so the query code stays out of URLs, logs and browser history."""
    template = "applications/public/status.html"
    if request.method != "POST":
        return render(request, template, {"form": StatusLookupForm()})
    form = StatusLookupForm(request.POST)
    ip = client_ip(request) or "unknown"
    if not guard.allow("lookup", ip, guard.lookup_limit()):
        return _too_many(request, template, {"form": form})
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    number = form.cleaned_data["tracking_number"].strip().upper()
    # Counted before the code is checked and given back when it was right, so parallel guesses
    # cannot pass the limit.
    throttle = guard.wrong_code_key(ip, number)
    if not guard.allow("wrong_code", throttle, guard.wrong_code_limit()):
        return _too_many(request, template, {"form": form})
    application = queries.find_for_applicant(number, form.cleaned_data["query_code"])
    if application is None:
        return render(request, template, {"form": form, "not_found": True}, status=404)
    guard.release("wrong_code", throttle, guard.wrong_code_limit())
    result = queries.public_status(application)
    letter_token = signing.dumps(application.pk, salt=LETTER_SALT) if result.has_letter else None
    return render(
        request, template, {"form": StatusLookupForm(), "result": result, "letter_token": letter_token}
    )


@never_cache
@require_safe
def public_letter(request, token: str):
    """The public copy of the signed reply (applicant masked), through a link valid for an hour that
    only a successful status look-up hands out."""
    try:
        pk = signing.loads(token, salt=LETTER_SALT, max_age=LETTER_LINK_SECONDS)
    except signing.BadSignature:
        raise Http404 from None
    letter = ReplyLetter.objects.filter(
        application_id=pk, state=ReplyLetter.State.SIGNED, application__status="replied"
    ).first()
    if letter is None or not letter.public_pdf:
        raise Http404
    response = FileResponse(letter.public_pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="reply-{letter.application.tracking_number}.pdf"'
    return response


@require_safe
def public_statistics(request):
    years = statistics.years_with_cases() or [queries.today().year]
    summaries = [statistics.year_summary(year) for year in years[:5]]
    return render(request, "applications/public/statistics.html", {"summaries": summaries})
