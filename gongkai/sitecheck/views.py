"""Staff pages of the website self-inspection: the latest scan (vetoes first, each with what to fix),
the findings list with exports, the weekly bulletin (周通报) and the monthly scores (月考核)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongkai.core.decorators import staff_view
from gongkai.core.listing import export_response
from gongkai.core.texts import translated
from gongkai.sitecheck import queries, rules, tasks
from gongkai.sitecheck.lists import FINDINGS
from gongkai.sitecheck.models import Scan


@staff_view("sitecheck.view_scan")
@require_GET
def overview(request):
    scan = queries.latest_scan()
    running = Scan.objects.filter(state=Scan.State.RUNNING).exists()
    context = {"scan": scan, "running": running, "months": queries.months(12)}
    if scan is not None:
        context["groups"] = queries.grouped(scan)
        context["counts"] = sorted(
            ((gettext(queries.kind_label(kind)), count) for kind, count in scan.counts.items()),
            key=lambda x: -x[1],
        )
        context["breakdown"] = [
            (gettext(queries.kind_label(kind)), item["count"], item["points"])
            for kind, item in scan.breakdown.items()
        ]
    return render(request, "sitecheck/overview.html", context)


@staff_view("sitecheck.run_scan")
@require_POST
def run(request):
    tasks.scan_now(request.user.pk)
    messages.success(request, _("已开始网站自查扫描，完成后本页显示结果。"))
    return redirect("sitecheck:overview")


@staff_view("sitecheck.view_scan")
def findings(request):
    return FINDINGS.respond(request, "sitecheck/findings.html")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return timezone.localdate()


@staff_view("sitecheck.view_scan")
@require_GET
def weekly(request):
    day = _day(request.GET.get("day", ""))
    monday, sunday = rules.week_of(day)
    scan = queries.week_scan(day)
    if scan is not None and request.GET.get("export") in ("csv", "xlsx"):
        return export_response(
            fmt=request.GET["export"],
            filename=f"sitecheck-weekly-{monday:%Y%m%d}",
            headers=["责任科室", "性质", "问题类型", "问题", "页面", "整改要求"],
            rows=queries.bulletin_rows(scan),
        )
    return render(
        request,
        "sitecheck/weekly.html",
        {
            "scan": scan,
            "monday": monday,
            "sunday": sunday,
            "rows": queries.bulletin(scan) if scan else [],
            "previous": monday.fromordinal(monday.toordinal() - 7),
            "next": monday.fromordinal(monday.toordinal() + 7),
        },
    )


@staff_view("sitecheck.view_scan")
@require_GET
def monthly(request):
    scores = queries.months(24)
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(
            fmt=request.GET["export"],
            filename="sitecheck-monthly",
            headers=["月份", "得分", "单项否决", "结论", "扣分明细"],
            rows=[
                [
                    f"{s.month:%Y-%m}",
                    s.score,
                    "是" if s.veto else "否",
                    s.verdict,
                    "；".join(
                        f"{queries.kind_label(k)}{v['count']}处扣{v['points']}分"
                        for k, v in s.breakdown.items()
                    ),
                ]
                for s in scores
            ],
        )
    return render(
        request,
        "sitecheck/monthly.html",
        {
            "scores": scores,
            "points": queries.trend_points(scores),
            "table": [
                (gettext(queries.kind_label(kind)), each, cap) for kind, (each, cap) in _scoring().items()
            ],
            "pass_mark": rules.PASS_MARK,
        },
    )


def _scoring():
    from gongkai.sitecheck.services import scoring_table

    return scoring_table()


@staff_view("sitecheck.view_scan")
@require_GET
def piti_page(request):
    from gongkai.core import piti
    from gongkai.sitecheck import piti as scoring

    today = timezone.localdate()
    measures = [measure for indicator in piti.indicators() for measure in indicator.compute(today)]
    overall, categories = scoring.score(measures, piti.CATEGORIES)
    rows = [
        {
            "category": category,
            "measures": list(zip(category.measures, category.deductions, strict=True)),
        }
        for category in categories
    ]
    # The measures' labels and fixes are Chinese text (the export keeps it); the page shows them in the
    # interface language.
    shown = [
        {
            "category": row["category"],
            "measures": [
                (measure, lost, translated(measure.label), [translated(fix) for fix in measure.fixes])
                for measure, lost in row["measures"]
            ],
        }
        for row in rows
    ]
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(
            fmt=request.GET["export"],
            filename="piti-self-assessment",
            headers=["类别", "维度", "指标", "达标", "应达标", "扣分", "整改"],
            rows=[
                [m.category, m.criterion, m.label, m.done, m.total, lost, "；".join(m.fixes)]
                for row in rows
                for m, lost in row["measures"]
            ],
        )
    return render(request, "sitecheck/piti.html", {"overall": overall, "rows": shown, "today": today})
