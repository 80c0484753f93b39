"""Demo: the 2026 report generated from every app's demo records, section 五 written as the editor would,
and handed to 主动公开 review (the reviewer and the leader then publish it in the demo). Idempotent:
a year already handed over is left alone."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model

from gongkai.annual import narrative, services
from gongkai.annual.models import Report
from gongkai.core import publishing
from gongkai.core.errors import DomainError

logger = logging.getLogger(__name__)
DEMO_YEAR = 2026
# What the records cannot say about section 一's topics, as the editor writes it.
TOPIC_TEXTS = {
    "主动公开": "围绕生态环境质量、污染源监管、环评审批和行政执法，按基本目录主动公开政府信息。",
    "依申请公开": "畅通网上申请、当面申请和信函申请渠道，依法按期答复，答复前均经法律审查。",
    "政府信息管理": "严格执行公开前保密审查和个人信息审查，对行政规范性文件实行动态清理并公开有效性。",
    # the air and water data published are drafted from their records (air/yearly.py, water/yearly.py)
    "政府信息公开平台建设": "局网站政府信息公开专栏按基本目录设置栏目，"
    "落实网站“日扫描、周通报、月考核”制度。",
    "监督保障": "将政务公开工作纳入年度绩效考核，定期通报栏目更新和依申请公开办理情况。",
}
SECTION_FIVE = (
    "本年度政府信息公开工作存在的主要问题：一是部分栏目更新不够及时，个别科室报送信息滞后；"
    "二是政策解读形式较为单一，图解、视频等解读方式运用不多；三是依申请公开答复文书的规范性仍需提高。\n"
    "改进措施：一是落实网站“日扫描、周通报、月考核”制度，对超期未更新栏目逐一督办；"
    "二是丰富政策解读形式，重要政策文件同步发布图解解读；三是加强依申请公开业务培训，严格执行答复前法律审查。"
)


def load() -> None:
    editor = get_user_model().objects.filter(username="editor").first()
    if editor is None or not publishing.available():
        return
    if Report.objects.filter(year=DEMO_YEAR).exists():
        return
    try:
        report = services.generate(actor=editor, year=DEMO_YEAR)
        lines = []
        for line in report.sections["一"].splitlines():
            for topic, text in TOPIC_TEXTS.items():
                if narrative.GAP_MARK in line and f"{topic}。" in line:
                    line = line[: line.index(narrative.GAP_MARK)] + text
            lines.append(line)
        sections = {"一": "\n".join(lines), "五": SECTION_FIVE}
        report = services.edit_sections(actor=editor, report=report, sections=sections)
        services.submit(actor=editor, report=report)
    except DomainError as error:  # e.g. a failing cross-check: the report stays a draft to fix
        logger.warning("annual demo report not submitted: %s", error.message)
