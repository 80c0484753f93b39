from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error
from gongkai.workcalendar import services
from gongkai.workcalendar.forms import CalculatorForm, YearForm
from gongkai.workcalendar.models import CalendarYear
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.workdays import YearNotCovered


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
