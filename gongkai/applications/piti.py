"""This app's PITI self-assessment measures (`core.piti`, issue 19), category 依申请公开 (piti.md item 6:
"OGI handling, with answers and statistics"), over the replies of the last 12 months:
- 覆盖: every reply counts in the published on-time statistics (a reply whose due date is unknown, e.g.
  a work calendar missing, is left out of the on-time figure and of the 及时 measure below);
- 及时: delivered by the statutory due date (条例 Art. 33), with the late cases to learn from;
- 完整: the answer is on record in full: a signed reply letter with its public copy (applicant masked),
  which the applicant opens from the status look-up.
No 友好 measure: the bureau publishes no list of applications (they hold applicants' personal
information); the public statistics page and its API are fixed code, not records to measure, and
piti.md item 9 gives no further basis for 依申请公开.
"""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.applications.models import Application, ReplyLetter, Status
from gongkai.core import piti
from gongkai.core.labelled import Text, gettext_noop
from gongkai.core.piti import iso

MAX_FIXES = 10


def measures(today: date) -> list[piti.Measure]:
    replied = (
        Application.objects.received()
        .filter(status=Status.REPLIED, concluded_on__gt=today - timedelta(days=365), concluded_on__lte=today)
        .order_by("concluded_on", "tracking_number")
    )
    rows = list(replied.values_list("tracking_number", "due_on", "concluded_on", "calendar_missing_year"))
    dated = [(number, due, done) for number, due, done, _missing in rows if due is not None]
    undated = [(number, missing) for number, due, _done, missing in rows if due is None]
    late = [(number, due, done) for number, due, done in dated if done > due]
    fixes = tuple(
        Text(
            gettext_noop("%(number)s：%(done)s答复，晚于期限%(due)s"),
            number=number,
            done=iso(done),
            due=iso(due),
        )
        for number, due, done in late[:MAX_FIXES]
    )
    letters = set(
        replied.filter(reply__state=ReplyLetter.State.SIGNED)
        .exclude(reply__public_pdf="")
        .values_list("tracking_number", flat=True)
    )
    unlettered = [number for number, *_rest in rows if number not in letters]
    return [
        piti.Measure(
            "依申请公开", "覆盖", gettext_noop("近12个月的答复均计入按期答复统计"), len(dated), len(rows),
            tuple(Text(gettext_noop("%(number)s：答复期限未确定（缺少%(year)s年工作日历）"), number=number,
                       year=missing)
                  if missing else Text(gettext_noop("%(number)s：答复期限未确定"), number=number)
                  for number, missing in undated[:MAX_FIXES]),
        ),
        piti.Measure(
            "依申请公开", "及时", gettext_noop("近12个月按期答复"), len(dated) - len(late), len(dated), fixes
        ),
        piti.Measure(
            "依申请公开", "完整", gettext_noop("答复书已签发并生成公开查询版"), len(rows) - len(unlettered),
            len(rows),
            tuple(Text(gettext_noop("%(number)s：无已签发的答复书或其公开查询版"), number=number)
                  for number in unlettered[:MAX_FIXES]),
        ),
    ]  # fmt: skip


INDICATOR = piti.Indicator(key="applications.replies", category="依申请公开", compute=measures)
