"""Public pages of 互动交流. The forms are protected as 依申请公开's is (rate limit per client counted before
serving, honeypot, minimum fill time, signed token, CAPTCHA); a form sent twice gives the first submission
back. Nothing here shows personal data: the Q&A reads the redacted copy, the status page the writer's own
message after the query code was checked (a wrong number and a wrong code give the same answer)."""

from __future__ import annotations

import logging

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core.errors import DomainError, form_error
from gongkai.core.middleware import client_ip
from gongkai.interaction import conf, guard, lists, queries, services
from gongkai.interaction.forms import CommentForm, LookupForm, MessageForm, RatingForm
from gongkai.interaction.models import Comment, Consultation, Message, PressEvent

logger = logging.getLogger(__name__)
SESSION_KEY = "interaction_submitted"
SPAM_MESSAGE = gettext_lazy(
    "提交未成功：请在页面上正常填写后再提交。如页面打开时间过长或提交过快，请刷新页面后重新提交。"
)


@require_safe
def index(request):
    return render(
        request,
        "interaction/public/index.html",
        {
            "consultations": Consultation.objects.filter(state=Consultation.State.OPEN)[:5],
            "events": PressEvent.objects.filter(published_at__isnull=False)[:5],
            "qa": Message.objects.public().order_by("-replied_on")[:5],
            "workdays": {
                kind: conf.reply_workdays(kind)
                for kind in ("director", "consultation", "complaint", "report")
            },
        },
    )


def _client(request) -> str:
    return client_ip(request) or "unknown"


def _guarded_post(request, form, template, context, scope="submit"):
    """The checks every public form shares; a response when the request is refused, else None."""
    ip = _client(request)
    if not guard.allow(scope, ip, conf.submit_limit()):
        return render(request, template, {**context, "form": form, "rate_limited": True}, status=429)
    spam = form.spam_reason()
    if spam is not None:
        logger.info("互动交流表单被拦截（%s）", spam)
        form.is_valid()
        form.add_error(None, SPAM_MESSAGE)
        form.fresh_token()
        return render(request, template, {**context, "form": form}, status=400)
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def write(request):
    from gongkai.interaction.models import DistrictMap

    template = "interaction/public/write.html"
    # the district map, when the administrator uploaded one; the text fields stay the way in without it
    context = {
        "district_map_url": reverse("interaction:district_map") if DistrictMap.objects.exists() else ""
    }
    if request.method != "POST":
        initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") else None
        return render(request, template, {**context, "form": MessageForm(initial=initial)})
    form = MessageForm(request.POST, request.FILES)
    refused = _guarded_post(request, form, template, context)
    if refused is not None:
        return refused
    nonce = form.nonce()
    replay = Message.objects.filter(submission_nonce=nonce).first() if nonce else None
    if replay is not None:  # the same form again (double click, reload): the first submission
        return _show_submitted(request, replay, "")
    if form.is_valid():
        try:
            submitted = services.submit_message(
                data=form.cleaned_data, photos=form.cleaned_data["photos"], nonce=nonce
            )
        except DomainError as error:
            form_error(form, error)
        else:
            return _show_submitted(request, submitted.message, submitted.query_code)
    guard.release("submit", _client(request), conf.submit_limit())
    form.fresh_token()
    return render(request, template, {**context, "form": form}, status=400)


def _show_submitted(request, message: Message, code: str):
    previous = request.session.get(SESSION_KEY) or {}
    if not code and previous.get("number") == message.number:
        code = previous.get("code", "")
    request.session[SESSION_KEY] = {"number": message.number, "code": code, "emailed": bool(message.email)}
    return redirect("interaction:submitted")


@never_cache
@require_safe
def submitted(request):
    result = request.session.get(SESSION_KEY)
    if result is None:
        return redirect("interaction:status")
    return render(request, "interaction/public/submitted.html", result)


def _lookup(request, form):
    """The writer's message for a valid number + code, rate-limited per client and per number."""
    if not guard.allow("lookup", _client(request), conf.lookup_limit()):
        return None, 429
    if not form.is_valid():
        return None, 400
    number = form.cleaned_data["number"].strip().upper()
    if not guard.allow("wrong_code", number, (10, 3600)):
        return None, 429
    message = services.find_for_writer(number, form.cleaned_data["query_code"])
    if message is None:
        return None, 404
    guard.release("wrong_code", number, (10, 3600))
    return message, 200


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    template = "interaction/public/status.html"
    if request.method != "POST":
        return render(request, template, {"form": LookupForm()})
    form = LookupForm(request.POST)
    message, code = _lookup(request, form)
    if message is None:
        return render(
            request,
            template,
            {"form": form, "not_found": code == 404, "rate_limited": code == 429},
            status=code,
        )
    rating_form = RatingForm(initial={"number": message.number})
    return render(request, template, {"form": LookupForm(), "message": message, "rating_form": rating_form})


@never_cache
@require_POST
def rate(request):
    template = "interaction/public/status.html"
    form = RatingForm(request.POST)
    message, code = _lookup(request, form)
    if message is None:
        return render(
            request,
            template,
            {"form": LookupForm(), "not_found": code == 404, "rate_limited": code == 429},
            status=code,
        )
    try:
        services.rate(
            message=message, rating=form.cleaned_data["rating"], comment=form.cleaned_data.get("comment", "")
        )
    except DomainError as error:
        return render(
            request,
            template,
            {"form": LookupForm(), "message": message, "rating_error": error.message},
            status=400,
        )
    return render(request, template, {"form": LookupForm(), "message": message, "rated": True})


@require_safe
def qa(request):
    return lists.QA.respond(request, "interaction/public/qa.html")


@require_safe
def qa_detail(request, number: str):
    message = get_object_or_404(Message.objects.public(), number=number)
    return render(request, "interaction/public/qa_detail.html", {"message": message})


@require_safe
def consultations(request):
    return lists.CONSULTATIONS.respond(request, "interaction/public/consultations.html")


@never_cache
@require_http_methods(["GET", "POST"])
def consultation(request, pk: int):
    item = get_object_or_404(Consultation.objects.exclude(state=Consultation.State.DRAFT), pk=pk)
    template = "interaction/public/consultation.html"
    context = {
        "consultation": item,
        "open": services.consultation_accepts_comments(item),
        "comments": item.comments.filter(state=Comment.State.APPROVED),
    }
    if request.method != "POST":
        return render(request, template, {**context, "form": CommentForm()})
    if not context["open"]:
        raise Http404
    form = CommentForm(request.POST)
    refused = _guarded_post(request, form, template, context, scope="comment")
    if refused is not None:
        return refused
    if form.is_valid():
        try:
            services.submit_comment(consultation=item, data=form.cleaned_data, nonce=form.nonce())
        except DomainError as error:
            form_error(form, error)
        else:
            return render(request, template, {**context, "form": CommentForm(), "thanks": True})
    guard.release("comment", _client(request), conf.submit_limit())
    form.fresh_token()
    return render(request, template, {**context, "form": form}, status=400)


@require_safe
def press_events(request):
    return lists.PRESS_EVENTS.respond(request, "interaction/public/press_events.html")


@require_safe
def press_event(request, pk: int):
    event = get_object_or_404(PressEvent.objects.filter(published_at__isnull=False), pk=pk)
    return render(
        request,
        "interaction/public/press_event.html",
        {
            "event": event,
            "opinions": event.opinions.exclude(response_url=""),
            "answered": event.messages.filter(published_at__isnull=False),
        },
    )


@require_safe
def district_map(request):
    """The district boundaries for the 举报 form's map (public: administrative boundaries only)."""
    from django.http import JsonResponse

    from gongkai.interaction.models import DistrictMap

    current = DistrictMap.current()
    if current is None:
        raise Http404
    response = JsonResponse(current.geojson)
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def feed(request):
    return render(request, "interaction/public/feed.html", {"items": queries.feed()})


class PublishedFeed(Feed):
    title = gettext_lazy("互动交流：最新发布")
    description = gettext_lazy("留言答复、意见征集、新闻发布会、在线访谈、新媒体发布和回应关切")

    def link(self):
        return reverse("interaction:feed")

    def items(self):
        return queries.feed(limit=30)

    def item_title(self, item):
        return f"[{item.kind}] {item.title}"

    def item_description(self, item):
        return item.kind

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.when

    def item_guid(self, item):
        return f"{item.url}#{item.when:%Y%m%d%H%M%S}"


published_feed = PublishedFeed()
