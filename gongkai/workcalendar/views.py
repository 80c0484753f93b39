from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error
from gongkai.workcalendar import queries, services
from gongkai.workcalendar.forms import CalculatorForm, MarkRangeForm, YearForm
from gongkai.workcalendar.grid import year_grid as year_grid_months
from gongkai.workcalendar.models import CalendarYear
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.workdays import DayKind, YearNotCovered
from gongkai.workcalendar.workdays import SpecialDay as Special


@staff_view("workcalendar.view_calendaryear")
def year_list(request):
    years = CalendarYear.objects.annotate(
        holidays=Count("days", filter=Q(days__kind="holiday")),
        workdays=Count("days", filter=Q(days__kind="workday")),
    )
    form = CalculatorForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        start, count = form.cleaned_data["start"], form.cleaned_data["workdays"]
        try:
            result = get_calendar().add_workdays(start, count)
        except YearNotCovered as error:
            form.add_error(None, error.message)
    return render(
        request,
        "workcalendar/year_list.html",
        {
            "years": years,
            "form": form,
            "result": result,
            "can_edit": request.user.has_perm("workcalendar.change_calendaryear"),
            "next_year": timezone.localdate().year + 1,
        },
    )


@staff_view("workcalendar.change_calendaryear")
@require_http_methods(["GET", "POST"])
def year_edit(request, year: int | None = None):
    existing = get_object_or_404(CalendarYear, year=year) if year is not None else None
    initial = {}
    if existing is not None:
        initial = {
            "year": existing.year,
            "notice": existing.notice,
            "days": services.format_special_days(existing.days.all()),
        }
    form = YearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        target_year = form.cleaned_data["year"]
        try:
            if existing is not None and target_year != existing.year:
                raise DomainError(_("不能修改已录入年份的年份数字，请新建年份。"))
            if existing is None and CalendarYear.objects.filter(year=target_year).exists():
                raise DomainError(_("%(y)d年已录入，请在列表中编辑。") % {"y": target_year})
            days = services.parse_special_days(form.cleaned_data["days"], year=target_year)
            services.save_year(
                actor=request.user, year=target_year, days=days, notice=form.cleaned_data["notice"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("%(y)d年工作日历已保存，相关期限将自动重新计算。") % {"y": target_year}
            )
            return redirect("workcalendar:years")
    return render(request, "workcalendar/year_form.html", {"form": form, "existing": existing})


@staff_view("workcalendar.change_calendaryear")
@require_POST
def import_package(request):
    imported = services.import_package_years(actor=request.user)
    if imported:
        messages.success(request, _("已导入：%(y)s") % {"y": "、".join(str(y) for y in imported)})
    else:
        messages.info(request, _("没有可导入的新年份（已录入的年份不会被覆盖）。"))
    return redirect("workcalendar:years")


WEEKDAY_LABELS = [
    (gettext_lazy("一"), gettext_lazy("星期一")),
    (gettext_lazy("二"), gettext_lazy("星期二")),
    (gettext_lazy("三"), gettext_lazy("星期三")),
    (gettext_lazy("四"), gettext_lazy("星期四")),
    (gettext_lazy("五"), gettext_lazy("星期五")),
    (gettext_lazy("六"), gettext_lazy("星期六")),
    (gettext_lazy("日"), gettext_lazy("星期日")),
]


@staff_view("workcalendar.view_calendaryear")
@require_http_methods(["GET", "POST"])
def year_grid(request, year: int):
    """年历: the year's 12 months; an administrator marks a range 放假 or 调休上班, sees how many open
    deadlines would move (预览), then saves (POST `confirm`)."""
    if not 2000 <= year <= 2100:
        raise Http404
    can_edit = request.user.has_perm("workcalendar.change_calendaryear")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    existing = CalendarYear.objects.filter(year=year).first()
    current = [Special(d.day, DayKind(d.kind), d.name) for d in (existing.days.all() if existing else [])]
    form = MarkRangeForm(request.POST or None, year=year)
    preview = proposed = selection = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        selection = (data["start"], data["end"])
        try:
            if "confirm" in request.POST:
                services.mark_range(
                    actor=request.user,
                    year=year,
                    start=data["start"],
                    end=data["end"],
                    kind=data["kind"],
                    name=data["name"],
                )
                messages.success(request, _("%(y)d年工作日历已保存，相关期限将自动重新计算。") % {"y": year})
                return redirect("workcalendar:year_grid", year=year)
            proposed = services.days_with_range(
                current, start=data["start"], end=data["end"], kind=data["kind"], name=data["name"]
            )
            preview = queries.preview_change(year, proposed)
        except DomainError as error:
            form_error(form, error)
    shown_days = proposed if proposed is not None else current
    return render(
        request,
        "workcalendar/year_grid.html",
        {
            "year": year,
            "existing": existing,
            "months": year_grid_months(year, shown_days, selection),
            "form": form,
            "preview": preview,
            "moved": sum(line.moved for line in preview) if preview else 0,
            "can_edit": can_edit,
            "weekday_labels": WEEKDAY_LABELS,
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )
