"""Figures of 互动交流 for the annual report (core.yearly): narrative facts, no Table 二 cells."""

from __future__ import annotations

from gongkai.core.yearly import Contribution, Contributor, Fact
from gongkai.interaction import queries


def annual_figures(year: int) -> Contribution:
    f = queries.year_figures(year)
    average = f"{f.average_workdays}个工作日" if f.average_workdays is not None else "—"
    facts = (
        Fact(
            section="一",
            topic="回应关切",
            text=(
                f"全年通过网站互动栏目收到群众留言和环境污染举报{f.received}件（其中举报{f.reports}件），"
                f"答复{f.replied}件，平均答复用时{average}，逾期{f.overdue}件；"
                f"经留言人同意在网站公开答复{f.published_qa}件，向执法机构移交举报线索{f.transferred}件。"
            ),
            figures={
                "received": f.received,
                "replied": f.replied,
                "overdue": f.overdue,
                "reports": f.reports,
                "published_qa": f.published_qa,
                "transferred": f.transferred,
            },
        ),
        Fact(
            section="一",
            topic="回应关切",
            text=(
                f"开展意见征集{f.consultations}次，收到有效意见{f.comments}条；"
                f"举办新闻发布会{f.press_conferences}场、在线访谈{f.interviews}期；记录并研判舆情{f.opinions}件。"
            ),
            figures={
                "consultations": f.consultations,
                "comments": f.comments,
                "press_conferences": f.press_conferences,
                "interviews": f.interviews,
                "opinions": f.opinions,
            },
        ),
    )
    return Contribution(facts=facts)


CONTRIBUTOR = Contributor(key="interaction", compute=annual_figures, order=700)
