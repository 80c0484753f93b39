"""This app's PITI self-assessment measure (`core.piti`, issue 19), category 投诉举报: messages and
pollution reports of the last 12 months answered by their reply deadline (timeliness), those whose writer
agreed to publication published with the answer (coverage), those published showing both the content and
the answer (completeness, piti.md item 5: "content, target enterprise, investigation result. Not just
counts"; the target and place are part of the content written for publication, with no field of their
own to check), and the public list's user-friendliness."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.core import piti
from gongkai.core.labelled import Text, gettext_noop
from gongkai.core.piti import iso
from gongkai.interaction.models import Message, Status


def measures(today: date) -> list[piti.Measure]:
    rows = list(
        Message.objects.filter(
            status=Status.REPLIED, replied_on__gt=today - timedelta(days=365), replied_on__lte=today
        )
        .exclude(due_on=None)
        .values_list("number", "due_on", "replied_on")
        .order_by("replied_on")
    )
    late = [(n, d, r) for n, d, r in rows if r > d]
    fixes = tuple(
        Text(gettext_noop("%(number)s：%(done)s答复，晚于期限%(due)s"), number=n, done=iso(r), due=iso(d))
        for n, d, r in late[:10]
    )
    publishable = list(
        Message.objects.filter(
            status=Status.REPLIED,
            consent_publish=True,
            replied_on__gt=today - timedelta(days=365),
            replied_on__lte=today,
        )
        .values_list("number", "published_at")
        .order_by("replied_on")
    )
    unpublished = [number for number, published in publishable if published is None]
    shown = list(
        Message.objects.filter(
            published_at__date__gt=today - timedelta(days=365), published_at__date__lte=today
        )
        .values_list("number", "public_body", "public_reply")
        .order_by("published_at", "number")
    )
    partial = [number for number, body, reply in shown if not body.strip() or not reply.strip()]
    return [
        piti.Measure(
            "投诉举报", "覆盖", gettext_noop("同意公开的留言和举报已连同答复公开"),
            len(publishable) - len(unpublished), len(publishable),
            tuple(Text(gettext_noop("%(number)s：已答复，同意公开但尚未公开"), number=number)
                  for number in unpublished[:10]),
        ),
        piti.Measure(
            "投诉举报", "及时", gettext_noop("近12个月按期答复留言和举报"), len(rows) - len(late), len(rows),
            fixes,
        ),
        piti.Measure(
            "投诉举报", "完整", gettext_noop("公开的留言和举报载明内容和答复（处理结果）"),
            len(shown) - len(partial), len(shown),
            tuple(Text(gettext_noop("%(number)s：公开内容或公开答复为空"), number=number)
                  for number in partial[:10]),
        ),
        piti.friendliness("投诉举报", "interaction-qa", gettext_noop("公开的留言答复可检索、排序、下载")),
    ]  # fmt: skip


INDICATOR = piti.Indicator(key="interaction.replies", category="投诉举报", compute=measures)
