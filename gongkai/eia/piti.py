"""This app's PITI self-assessment measures (`core.piti`, issue 19), category 环评信息, over the notices
of the last 12 months: the full text (全本) of the 报告书/报告表 attached to the acceptance notice
(coverage, 标准目录 受理环节 "报告书（表）全本"), every notice published by its 20-working-day deadline
(timeliness), every approved project with its acceptance and pre-approval notices published too
(completeness), and the public notice list's user-friendliness."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gongkai.core import piti
from gongkai.core.labelled import Text, gettext_noop
from gongkai.core.piti import iso
from gongkai.eia.models import DocumentKind, Kind, Notice, Stage

MAX_FIXES = 10


def measures(today: date) -> list[piti.Measure]:
    since = today - timedelta(days=365)
    published = list(
        Notice.objects.published()
        .filter(published_at__date__gt=since)
        .select_related("project")
        .order_by("published_at")
    )
    acceptance = [
        n
        for n in published
        if n.stage == Stage.ACCEPTANCE
        and n.project.kind == Kind.EIA
        and n.project.document_kind in (DocumentKind.REPORT, DocumentKind.TABLE)
    ]
    without_text = [n for n in acceptance if not n.document]
    dated = [n for n in published if n.due_on is not None and not n.due_provisional]
    late = [n for n in dated if timezone.localdate(n.published_at) > n.due_on]
    decided = {n.project_id: n.project for n in published if n.stage == Stage.DECISION}
    stages = {
        (project, stage)
        for project, stage in Notice.objects.published()
        .filter(project_id__in=decided)
        .values_list("project_id", "stage")
    }
    before = (Stage.ACCEPTANCE, Stage.PRE_APPROVAL)
    gaps = [
        (project, [Stage(s).label for s in before if (pk, s) not in stages])
        for pk, project in decided.items()
        if project.kind == Kind.EIA
    ]
    incomplete = [(project, missing) for project, missing in gaps if missing]
    return [
        piti.Measure(
            "环评信息", "覆盖", gettext_noop("受理公示附环评文件全本"),
            len(acceptance) - len(without_text), len(acceptance),
            tuple(Text(gettext_noop("%(project)s：受理公示未附%(document)s全本"), project=n.project.name,
                       document=DocumentKind(n.project.document_kind).label)
                  for n in without_text[:MAX_FIXES]),
        ),
        piti.Measure(
            "环评信息", "及时", gettext_noop("公示在公开期限内发布"), len(dated) - len(late), len(dated),
            tuple(Text(gettext_noop("%(project)s（%(stage)s）：%(published)s发布，晚于期限%(due)s"),
                       project=n.project.name, stage=Stage(n.stage).label,
                       published=iso(timezone.localdate(n.published_at)), due=iso(n.due_on))
                  for n in late[:MAX_FIXES]),
        ),
        piti.Measure(
            "环评信息", "完整", gettext_noop("已审批项目的受理、拟审批公示齐全"), len(gaps) - len(incomplete),
            len(gaps),
            tuple(Text(gettext_noop("%(project)s：缺少%(missing)s"), project=project.name, missing=missing)
                  for project, missing in incomplete[:MAX_FIXES]),
        ),
        piti.friendliness("环评信息", "eia-notices", gettext_noop("环评公示可检索、排序、下载")),
    ]  # fmt: skip


INDICATOR = piti.Indicator(key="eia.notices", category="环评信息", compute=measures)
