"""Demo data: five fictional construction projects of 示例市 at different stages, with public comments
(some moderated and answered), entered, published, moderated and answered through the services by the
demo accounts 周执法 (enforcer) and 李审查 (reviewer). Dates are counted back from today on the working-day
calendar, so the first two projects have a comment window open whenever the demo is loaded. Idempotent:
a project whose name exists is left as it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.core import facility
from gongkai.core.identifiers import credit_code_check_char
from gongkai.core.models import User
from gongkai.eia import services
from gongkai.eia.models import Comment, DocumentKind, Kind, Project, Stage

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHANNEL = "信函：示例市示范区环保路1号 示例市生态环境局环评科（邮编990001）；电子邮箱：xxgk@example.gov.cn"


def _code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


@dataclass
class DemoProject:
    name: str
    builder: str
    credit17: str
    location: str
    district: str
    category: str
    document_kind: str
    preparer: str
    summary: str
    # stage -> working days before today on which the information formed and the notice went up
    stages: dict[str, tuple[int, int | None]]
    approval_number: str = ""
    # The builder as the enterprise directory's demo may know it (core.facility): its code is used then,
    # so the project shows on that enterprise's facility page.
    directory_name: str = ""
    comments: list[tuple[str, str, str, str, str]] = field(
        default_factory=list
    )  # stage, name, contact, text, fate


PROJECTS = (
    DemoProject(
        name="示例市临港化工园区年产5万吨精细化学品项目",
        builder="示例市临港精细化工有限公司",
        credit17="91990100MA0LG0001",
        location="示例市临港化工园区纬三路以南、经五路以东",
        district="临港区",
        category="C26 化学原料和化学制品制造业",
        document_kind=DocumentKind.REPORT,
        preparer="示例环境科学研究院有限公司",
        summary="新建年产5万吨精细化学品生产装置及配套储运、公用工程，占地约12公顷。主要环境影响为工艺废气"
        "（VOCs）、生产废水和危险废物；采取RTO焚烧、园区污水处理厂接管和危废委托处置等措施。",
        stages={Stage.ACCEPTANCE: (4, 3)},
        comments=[
            (
                Stage.ACCEPTANCE,
                "陈建国",
                "13912345678",
                "项目离我们村不到两公里，请说明VOCs排放对周边村庄的影响和监测安排。",
                "answered",
            ),
            (
                Stage.ACCEPTANCE,
                "示例市临港区海滨社区居委会",
                "0999-87654321",
                "建议公开项目的环境风险应急预案，并组织周边居民参加应急演练。",
                "approved",
            ),
            (
                Stage.ACCEPTANCE,
                "刘女士",
                "liu.demo@example.com",
                "危险废物暂存库的位置离园区边界太近，请重新论证。",
                "pending",
            ),
            (
                Stage.ACCEPTANCE,
                "王先生",
                "13800000000",
                "我家住在海滨社区3栋2单元501室，电话13800000000，请上门说明。",
                "rejected",
            ),
        ],
    ),
    DemoProject(
        name="示例市城东污水处理厂提标改造工程",
        builder="示例市城东水务有限公司",
        credit17="91990100MA0CD0002",
        location="示例市城东区滨河路88号（现有厂区内）",
        district="城东区",
        category="D4620 污水处理及其再生利用",
        document_kind=DocumentKind.TABLE,
        preparer="示例市环境工程设计院",
        summary="现有规模10万吨/日不变，出水由一级A提标至地表水准Ⅳ类，新增深度处理单元和除臭设施。",
        stages={Stage.ACCEPTANCE: (22, 21), Stage.PRE_APPROVAL: (2, 1)},
        directory_name="示例市城东污水处理厂",
        comments=[
            (Stage.ACCEPTANCE, "赵先生", "13700001111", "施工期间请控制夜间噪声，周边小区很近。", "answered"),
            (
                Stage.ACCEPTANCE,
                "城东区环保志愿者协会",
                "cdhb@example.org",
                "建议在厂界设置臭气在线监测并公开数据。",
                "answered",
            ),
            (
                Stage.PRE_APPROVAL,
                "孙女士",
                "13655556666",
                "支持提标改造，希望尽快开工，改善滨河水质。",
                "pending",
            ),
        ],
    ),
    DemoProject(
        name="示例市绿源再生资源有限公司废旧动力电池综合利用项目",
        builder="示例市绿源再生资源有限公司",
        credit17="91990100MA0LY0003",
        location="示例市循环经济产业园B区",
        district="高新区",
        category="C4210 金属废料和碎屑加工处理",
        document_kind=DocumentKind.REPORT,
        preparer="示例生态环境技术咨询有限公司",
        summary="建设年处理2万吨废旧动力电池拆解及湿法回收生产线。主要影响为含氟废气、含重金属废水和固体废物。",
        stages={Stage.ACCEPTANCE: (60, 58), Stage.PRE_APPROVAL: (30, 29), Stage.DECISION: (12, 10)},
        approval_number="示环审〔2026〕12号",
        comments=[
            (Stage.ACCEPTANCE, "周先生", "13511112222", "请说明电解液泄漏的防范措施。", "answered"),
        ],
    ),
    DemoProject(
        name="示例市华新电子科技有限公司柔性线路板扩建项目",
        builder="示例市华新电子科技有限公司",
        credit17="91990100MA0HX0004",
        location="示例市高新区创新大道16号",
        district="高新区",
        category="C3982 电子电路制造",
        document_kind=DocumentKind.TABLE,
        preparer="示例环境科学研究院有限公司",
        summary="在现有厂房内新增柔性线路板产能30万平方米/年，新增含铜废水预处理设施。",
        stages={Stage.ACCEPTANCE: (40, 39), Stage.PRE_APPROVAL: (20, 19), Stage.DECISION: (3, None)},
        approval_number="示环审〔2026〕15号",
    ),
    DemoProject(
        name="示例市东郊热电有限公司2×350MW热电联产项目",
        builder="示例市东郊热电有限公司",
        credit17="91990100MA0DJ0005",
        location="示例市东郊工业区热电路1号",
        district="东郊区",
        category="D4412 热电联产",
        document_kind=DocumentKind.REPORT,
        preparer="示例电力设计院有限公司",
        summary="建设2台350MW超临界抽凝供热机组，配套超低排放烟气治理设施，替代区域内32台分散燃煤锅炉。",
        stages={
            Stage.ACCEPTANCE: (230, 229),
            Stage.PRE_APPROVAL: (205, 204),
            Stage.DECISION: (190, 188),
            Stage.COMPLETION: (15, 12),
        },
        approval_number="示环审〔2026〕3号",
        directory_name="示例市热电有限公司",
        comments=[
            (Stage.ACCEPTANCE, "东郊街道居民代表", "13300003333", "请说明灰场扬尘控制措施。", "answered"),
            (Stage.PRE_APPROVAL, "吴先生", "13988889999", "供热管网何时覆盖东郊新村？", "answered"),
        ],
    ),
)

BODIES = {
    Stage.ACCEPTANCE: "根据《环境影响评价公众参与办法》，本机关已受理{name}环境影响评价文件，"
    "现将有关情况公示。"
    "建设单位：{builder}；建设地点：{location}；环评文件编制单位：{preparer}。\n项目概况：{summary}\n"
    "环境影响评价文件全本见附件。公示期间，公众可通过本页面的意见表或下列途径提出意见。",
    Stage.PRE_APPROVAL: "本机关拟对{name}环境影响评价文件作出审批意见，现将拟审批情况公示。"
    "建设单位：{builder}；"
    "建设地点：{location}；环评文件编制单位：{preparer}。\n项目概况：{summary}\n"
    "建设单位已按规定开展公众参与，公众意见采纳情况见公众参与说明。",
    Stage.DECISION: "本机关已对{name}环境影响评价文件作出审批决定，现予公告。审批决定全文见附件。",
    Stage.COMPLETION: "{builder}已完成{name}竣工环境保护验收，验收结论为合格。验收报告见附件。",
}
ANSWERS = {
    "answered": "感谢您的意见。已转建设单位研究落实，并要求其在环评文件中补充相关内容和监测安排；"
    "本机关将在审批中予以重点审查。",
}


def _pdf(title: str) -> bytes:
    from weasyprint import HTML

    html = (
        "<html><body style=\"font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif\">"
        f"<h1>{title}</h1><p>本文件为演示数据，不是真实的环境影响评价文件。</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def _moment(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 30), tzinfo=SHANGHAI)


DOCUMENT_TITLES = {
    Stage.ACCEPTANCE: "{name} 环境影响评价文件（全本）",
    Stage.DECISION: "关于{name}环境影响评价文件的批复",
    Stage.COMPLETION: "{name} 竣工环境保护验收报告",
}


@transaction.atomic
def load_demo() -> int:
    """Create the projects not yet present; returns how many were added."""
    enforcer = User.objects.filter(username="enforcer").first()
    reviewer = User.objects.filter(username="reviewer").first()
    if enforcer is None or reviewer is None:
        return 0
    cal = services.calendar()
    today = services.today()
    added = 0
    for spec in PROJECTS:
        if Project.objects.filter(name=spec.name).exists():
            continue
        builder, code = spec.builder, _code(spec.credit17)
        known = [ref for ref in facility.search(spec.directory_name, 5) if ref.name == spec.directory_name]
        if spec.directory_name and known:
            builder, code = known[0].name, known[0].credit_code
        first_formed = cal.add_workdays(today, -max(formed for formed, _pub in spec.stages.values()))
        project = services.create_project(
            actor=enforcer,
            data={
                "kind": Kind.EIA,
                "name": spec.name,
                "builder": builder,
                "credit_code": code,
                "location": spec.location,
                "district": spec.district,
                "category": spec.category,
                "document_kind": spec.document_kind,
                "preparer": spec.preparer,
                "summary": spec.summary,
                "approval_number": spec.approval_number,
                "received_on": first_formed,
            },
        )
        added += 1
        notices = {}
        for stage, (formed_back, published_back) in spec.stages.items():
            text = {"name": spec.name, "builder": builder, "location": spec.location}
            text |= {"preparer": spec.preparer, "summary": spec.summary}
            upload = None
            if stage in DOCUMENT_TITLES:
                title = DOCUMENT_TITLES[stage].format(**text)
                upload = SimpleUploadedFile(f"{title}.pdf", _pdf(title), content_type="application/pdf")
            notice = services.save_notice(
                actor=enforcer,
                project=project,
                stage=stage,
                data={
                    "formed_on": cal.add_workdays(today, -formed_back),
                    "body": BODIES[stage].format(**text),
                    "comment_channel": CHANNEL if stage in (Stage.ACCEPTANCE, Stage.PRE_APPROVAL) else "",
                },
                upload=upload,
            )
            if published_back is not None:
                notice = services.publish_notice(
                    actor=enforcer, notice=notice, now=_moment(cal.add_workdays(today, -published_back))
                )
            notices[stage] = notice
        for index, (stage, name, contact, content, fate) in enumerate(spec.comments):
            notice = notices[stage]
            day = max(
                notice.window_first, min(notice.window_last, cal.add_workdays(notice.window_first, index))
            )
            moment = min(_moment(day, 10 + index), timezone.now() - timedelta(minutes=30 * (10 - index)))
            comment = services.submit_comment(
                notice=notice, name=name, contact=contact, content=content, now=moment
            )
            if fate == "pending":
                continue
            if fate == "rejected":
                services.moderate_comment(
                    actor=reviewer,
                    comment=comment,
                    approve=False,
                    reason="意见含有个人住址和电话，且无具体环境问题，不予公开；已电话联系。",
                )
                continue
            services.moderate_comment(actor=reviewer, comment=comment, approve=True)
            if fate == "answered":
                services.answer_comment(actor=enforcer, comment=comment, answer=ANSWERS["answered"])
    return added


def comment_count() -> int:
    return Comment.objects.count()
