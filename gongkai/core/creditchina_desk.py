"""The staff page of a 信用中国 双公示 batch, shared by the apps that report to it (enforcement for
行政处罚, licensing for 行政许可): pick a period of publication dates, export it as CSV/XLSX/JSON or
push it, and see the pushes so far. The app supplies its batch functions and wording as a
`CreditDesk`; its two views stay one line each behind the app's own permission decorators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.errors import DomainError, form_error

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class CreditPeriodForm(forms.Form):
    """The publication dates of a 信用中国 batch (a day: the same date twice)."""

    first = forms.DateField(label=gettext_lazy("公示日期自"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=gettext_lazy("公示日期至"), widget=forms.DateInput(attrs={"type": "date"}))


@dataclass(frozen=True)
class CreditDesk:
    namespace: str  # the app's URL namespace: its `staff_creditchina(_push)` and `staff_decisions`
    push_permission: str
    export: Callable  # (actor=, first=, last=, fmt=) -> (file name, bytes)
    push: Callable  # (actor=, first=, last=) -> a CreditPush with ok, count, detail
    pushes: Callable  # () -> the app's CreditPush queryset, newest first
    today: Callable[[], date]
    heading: str
    help_text: str
    back_label: str


def page(request, desk: CreditDesk):
    """GET: the period form; `?export=csv|xlsx|json` downloads the batch (audited by the app)."""
    if request.GET.get("first"):
        form = CreditPeriodForm(request.GET)
    else:
        day = desk.today()
        form = CreditPeriodForm(initial={"first": day, "last": day})
    fmt = request.GET.get("export", "")
    if fmt and form.is_valid():
        try:
            name, data = desk.export(
                actor=request.user, first=form.cleaned_data["first"], last=form.cleaned_data["last"], fmt=fmt
            )
        except DomainError as error:
            form_error(form, error)
        else:
            response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
            response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(name)
            return response
    return render(
        request,
        "core/staff/creditchina.html",
        {
            "desk": desk,
            "form": form,
            "can_push": request.user.has_perm(desk.push_permission),
            "pushes": desk.pushes().select_related("actor")[:100],
        },
    )


def push(request, desk: CreditDesk):
    """POST: push the period's batch through the configured backend; the result as a message."""
    back = f"{desk.namespace}:staff_creditchina"
    form = CreditPeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写有效的日期。"))
        return redirect(back)
    try:
        result = desk.push(
            actor=request.user, first=form.cleaned_data["first"], last=form.cleaned_data["last"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if result.ok:
            messages.success(request, _("已推送%(n)d条记录。") % {"n": result.count})
        else:
            messages.error(request, _("推送失败：%(detail)s") % {"detail": result.detail})
    return redirect(back)
