"""Demo content at a real city bureau's volume: two years of 主动公开 documents across every column of
the catalogue that applies to a city bureau, plus the bureau's own 通知公告 column, so that the home
page, the lists, search and the speed benchmarks are judged on realistic data (issue 12).

Every document goes through the real workflow (拟稿 → 保密审查 → 审批签发), as the hand-made demo
documents do. Dates are consistent: 成文日期 is never after 发布日期, nothing is published in the future,
and the year of a 文号 is the year the document was formed. Deterministic (a fixed seed) and
idempotent (skipped once loaded). Loaded by `gongkai demo` only, not by the test suite's demo
fixture: hundreds of documents per browser test would cost minutes of CI for nothing they check.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.core.models import User
from gongkai.disclosure import services
from gongkai.disclosure.models import CatalogueItem, DocType, Document, InterpretationForm, Subject, Validity

ORGAN = "示例市生态环境局"
NOTICE_CODE = "06"  # the bureau's own column; HOME_NOTICE_ITEM_NAMES names it for the home page
SEED = 20261206

DISTRICTS = ("示范区", "东城区", "西城区", "临港区", "北山县", "南湖县")
COMPANIES = (
    "示例市恒达化工有限公司",
    "示例市东方纸业有限公司",
    "示例市临港热电有限公司",
    "示例市北山水泥有限公司",
    "示例市南湖印染有限公司",
    "示例市新源医药科技有限公司",
    "示例市金桥电镀有限公司",
    "示例市绿洲污水处理有限公司",
    "示例市华兴汽车零部件有限公司",
    "示例市西城食品有限公司",
    "示例市宏远建材有限公司",
    "示例市清源固废处置有限公司",
)
PROJECTS = (
    "年产3万吨精细化学品项目",
    "污水处理厂提标改造工程",
    "热电联产机组超低排放改造项目",
    "危险废物综合利用项目",
    "新能源电池材料生产线项目",
    "生活垃圾焚烧发电厂扩建工程",
    "汽车零部件涂装线技改项目",
    "110千伏输变电工程",
    "工业园区集中供热项目",
    "农副产品加工项目",
)
VIOLATIONS = (
    (
        "未按照规定对大气污染物排放情况进行监测",
        "《中华人民共和国大气污染防治法》第二十四条",
        "第一百条第（二）项",
        50000,
    ),
    (
        "超过水污染物排放标准排放水污染物",
        "《中华人民共和国水污染防治法》第十条",
        "第八十三条第（二）项",
        200000,
    ),
    (
        "未采取措施防止排放恶臭气体",
        "《中华人民共和国大气污染防治法》第八十条",
        "第一百一十七条第（七）项",
        30000,
    ),
    (
        "危险废物贮存场所不符合国家环境保护标准",
        "《中华人民共和国固体废物污染环境防治法》第八十一条",
        "第一百一十二条第（六）项",
        100000,
    ),
    ("未依法取得排污许可证排放污染物", "《排污许可管理条例》第二条", "第三十三条第（一）项", 200000),
    (
        "建设项目未依法报批环境影响评价文件擅自开工建设",
        "《中华人民共和国环境影响评价法》第二十五条",
        "第三十一条第一款",
        150000,
    ),
)


@dataclass(frozen=True)
class Plan:
    """How many documents a column gets over the two years, and how each is written."""

    code: str
    count: int
    kind: str


PLANS = (
    Plan("03.01", 3, "organisation"),
    Plan("03.02", 18, "rules"),
    Plan("03.04", 6, "plans"),
    Plan("03.05", 48, "statistics"),
    Plan("03.06", 4, "budget"),
    Plan("03.07", 24, "inspection"),
    Plan("03.08", 6, "emergency"),
    Plan("03.09", 8, "services"),
    Plan("03.10", 4, "enforcement_rules"),
    Plan("03.11", 2, "fees"),
    Plan("03.12", 8, "procurement"),
    Plan("03.13", 2, "recruitment"),
    Plan("05.01.01", 40, "eia"),
    Plan("05.01.02", 4, "facility_removal"),
    Plan("05.01.03", 6, "hazardous_waste"),
    Plan("05.01.04", 24, "permits"),
    Plan("05.02.02", 36, "penalty"),
    Plan("05.02.04", 8, "seizure"),
    Plan("05.03", 10, "ecology"),
    Plan("05.04.01", 16, "consultation"),
    Plan(NOTICE_CODE, 48, "notice"),
)

NOTICE_TOPICS = (
    "开展生态环境宣传月活动",
    "做好重污染天气应对准备工作",
    "开展汛期环境安全隐患排查",
    "组织开展固体废物专项整治行动",
    "开展入河排污口排查整治",
    "做好节假日期间生态环境安全工作",
    "开展第二次全国污染源普查数据更新",
    "征集生态环境志愿服务项目",
    "举办排污许可政策培训班",
    "开展“六五”环境日主题宣传活动",
    "公布生态环境违法行为举报奖励情况",
    "开展夏季臭氧污染防控攻坚",
)


class Writer:
    """Writes one document of a kind: title, 文号, body and type, from the seeded generator."""

    def __init__(self, rng: random.Random, taken: frozenset[str] = frozenset()):
        self.rng = rng
        self.taken = taken  # 文号 the hand-made demo documents already use
        self.numbers: dict[tuple[str, int], int] = defaultdict(int)

    def number(self, prefix: str, year: int) -> str:
        while True:
            self.numbers[(prefix, year)] += 1
            number = f"{prefix}〔{year}〕{self.numbers[(prefix, year)]}号"
            if number not in self.taken:
                return number

    def write(self, kind: str, index: int, formed: date) -> dict:
        return getattr(self, f"_{kind}")(index, formed, self.rng)

    @staticmethod
    def _p(*paragraphs: str) -> str:
        return "".join(f"<p>{text}</p>" for text in paragraphs)

    def _organisation(self, index, formed, rng):
        titles = ("示例市生态环境局机构职能", "示例市生态环境局内设机构及职责", "示例市生态环境局领导分工")
        return {
            "title": titles[index % len(titles)],
            "department": "办公室",
            "subject": Subject.ORGANISATION,
            "body": self._p(
                "示例市生态环境局是市政府工作部门，负责全市生态环境保护的统一监督管理。",
                "内设办公室、法规科、规划科、审批科、监测科、执法支队、应急科、自然生态科、财务科、人事科。",
                "办公地址：示例市示范区环保路1号；办公时间：工作日上午8:30—12:00，下午14:30—17:30。",
            ),
        }

    def _rules(self, index, formed, rng):
        topics = (
            "生态环境行政处罚裁量基准",
            "建设项目环境影响评价文件审批程序规定",
            "排污许可证后管理办法",
            "重污染天气应急减排清单管理办法",
            "生态环境信用评价管理办法",
            "环境监管重点单位名录管理实施细则",
            "生态环境损害赔偿磋商办法",
            "噪声污染防治管理办法",
            "危险废物规范化环境管理评估办法",
        )
        topic = topics[index % len(topics)]
        normative = index % 2 == 0
        prefix = "示环发" if normative else "示环办"
        return {
            "title": f"示例市生态环境局关于印发《示例市{topic}》的通知",
            "document_number": self.number(prefix, formed.year),
            "doc_type": DocType.NORMATIVE if normative else DocType.OTHER,
            **({"validity": Validity.VALID} if normative else {}),
            "department": "法规科",
            "body": self._p(
                "各区县生态环境分局，局机关各科室：",
                f"现将《示例市{topic}》印发给你们，请认真贯彻执行。",
                f"第一条 为规范全市{topic.replace('办法', '').replace('规定', '')}工作，根据有关法律法规，制定本办法。",
                "第二条 本办法适用于本市行政区域内的相关管理活动。",
                "第三条 本办法自印发之日起施行，有效期五年。",
            ),
        }

    def _plans(self, index, formed, rng):
        titles = (
            f"示例市{formed.year}年生态环境保护工作要点",
            f"示例市{formed.year}年大气污染防治工作计划",
            f"示例市{formed.year}年水污染防治工作计划",
        )
        return {
            "title": titles[index % len(titles)],
            "department": "规划科",
            "body": self._p(
                f"{formed.year}年，全市生态环境保护工作以改善生态环境质量为核心，统筹推进污染防治攻坚。",
                "一、持续深入打好蓝天保卫战；二、持续深入打好碧水保卫战；三、持续深入打好净土保卫战；四、加强生态保护修复。",
            ),
        }

    def _statistics(self, index, formed, rng):
        month = (formed.replace(day=1) - timedelta(days=1)).replace(day=1)  # the month reported on
        if index % 2 == 0:
            good = rng.randint(70, 97)
            return {
                "title": f"{month.year}年{month.month}月示例市环境空气质量状况",
                "department": "监测科",
                "body": self._p(
                    f"{month.year}年{month.month}月，全市环境空气质量优良天数比例为{good}.{rng.randint(0, 9)}%。",
                    f"PM2.5平均浓度为{rng.randint(18, 55)}微克/立方米，PM10平均浓度为{rng.randint(35, 90)}微克/立方米。",
                    "各区县排名情况见附表。",
                ),
            }
        return {
            "title": f"{month.year}年{month.month}月示例市地表水环境质量状况",
            "department": "监测科",
            "body": self._p(
                f"{month.year}年{month.month}月，全市12个地表水监测断面中，Ⅰ～Ⅲ类水质断面{rng.randint(8, 12)}个。",
                "集中式生活饮用水水源地水质均达到或优于Ⅲ类标准。",
            ),
        }

    def _budget(self, index, formed, rng):
        kind = "部门预算" if index % 2 == 0 else "部门决算"
        year = formed.year if kind == "部门预算" else formed.year - 1
        return {
            "title": f"示例市生态环境局{year}年{kind}公开",
            "department": "财务科",
            "subject": Subject.FINANCE,
            "body": self._p(
                f"根据预决算公开有关规定，现将示例市生态环境局{year}年{kind}公开如下。",
                f"收支总计{rng.randint(3000, 9000)}.{rng.randint(10, 99)}万元。",
            ),
        }

    def _inspection(self, index, formed, rng):
        quarter = (formed.month - 1) // 3 + 1
        if index % 2 == 0:
            return {
                "title": f"{formed.year}年第{quarter}季度“双随机、一公开”抽查结果公示",
                "department": "执法支队",
                "body": self._p(
                    f"本季度共随机抽取检查对象{rng.randint(20, 60)}家，发现问题{rng.randint(2, 12)}个，已责令整改。",
                    "抽查结果详见附表。",
                ),
            }
        company = rng.choice(COMPANIES)
        return {
            "title": f"关于{company}环境问题整改情况的通报",
            "department": "执法支队",
            "body": self._p(f"经现场核查，{company}已完成整改，各项污染物达标排放。"),
        }

    def _emergency(self, index, formed, rng):
        titles = (
            "示例市突发环境事件应急预案",
            "示例市重污染天气应急预案",
            "关于启动重污染天气黄色预警的通知",
        )
        return {
            "title": titles[index % len(titles)] + ("" if index < 3 else f"（{formed.year}年修订）"),
            "department": "应急科",
            "body": self._p("为科学有效应对突发环境事件，保障人民群众生命财产安全，制定本预案。"),
        }

    def _services(self, index, formed, rng):
        items = (
            "建设项目环境影响报告书审批",
            "排污许可证核发",
            "危险废物经营许可证核发",
            "辐射安全许可证核发",
        )
        item = items[index % len(items)]
        return {
            "title": f"{item}办事指南",
            "department": "审批科",
            "body": self._p(
                f"事项名称：{item}。",
                "受理条件、申请材料、办理流程、办理时限和收费标准见本指南。",
                "咨询电话：0999-12345670。",
            ),
        }

    def _enforcement_rules(self, index, formed, rng):
        titles = ("生态环境行政处罚事项清单", "生态环境行政强制事项清单", "生态环境轻微违法行为不予处罚清单")
        return {
            "title": f"示例市{titles[index % len(titles)]}（{formed.year}年版）",
            "department": "执法支队",
            "body": self._p("依据有关法律法规，现将事项清单予以公布，包括事项名称、实施依据和实施主体。"),
        }

    def _fees(self, index, formed, rng):
        return {
            "title": f"示例市生态环境局{formed.year}年行政事业性收费项目公示",
            "department": "财务科",
            "subject": Subject.FINANCE,
            "body": self._p("本局现行行政事业性收费项目目录清单为空，未设立行政事业性收费项目。"),
        }

    def _procurement(self, index, formed, rng):
        things = ("空气自动监测站运维服务", "水质自动监测站运维服务", "环境监测仪器设备", "执法记录仪")
        return {
            "title": f"示例市生态环境局{formed.year}年{things[index % len(things)]}采购意向公开",
            "department": "财务科",
            "subject": Subject.FINANCE,
            "body": self._p(
                f"预算金额{rng.randint(20, 300)}万元，预计采购时间{formed.year}年{formed.month}月。"
            ),
        }

    def _recruitment(self, index, formed, rng):
        return {
            "title": f"示例市生态环境局{formed.year}年考试录用公务员拟录用人员公示",
            "department": "人事科",
            "subject": Subject.ORGANISATION,
            "body": self._p("根据公务员录用有关规定，现将拟录用人员情况予以公示，公示期5个工作日。"),
        }

    def _eia(self, index, formed, rng):
        company = rng.choice(COMPANIES)
        project = rng.choice(PROJECTS)
        report = "报告书" if index % 3 == 0 else "报告表"
        return {
            "title": f"关于{company}{project}环境影响{report}的批复",
            "document_number": self.number("示环审", formed.year),
            "department": "审批科",
            "body": self._p(
                f"{company}：",
                f"你公司报送的《{project}环境影响{report}》收悉。经研究，批复如下：",
                f"一、项目位于示例市{rng.choice(DISTRICTS)}，在全面落实报告提出的各项生态环境保护措施后，项目建设的环境不利影响能够得到缓解和控制。",
                "二、项目须严格执行环境保护设施与主体工程同时设计、同时施工、同时投产使用的制度，并依法申领排污许可证。",
                "三、如不服本决定，可在收到本决定之日起六十日内申请行政复议，或者六个月内提起行政诉讼。",
            ),
        }

    def _facility_removal(self, index, formed, rng):
        company = rng.choice(COMPANIES)
        return {
            "title": f"关于{company}拆除闲置污染防治设施的审批结果",
            "document_number": self.number("示环审", formed.year),
            "department": "审批科",
            "body": self._p(f"经审查，同意{company}拆除已停用的废水预处理设施，拆除期间须落实污染防治措施。"),
        }

    def _hazardous_waste(self, index, formed, rng):
        company = rng.choice(COMPANIES)
        return {
            "title": f"关于{company}危险废物经营许可证核发情况的公示",
            "department": "审批科",
            "body": self._p(
                f"经审查，{company}符合危险废物经营许可条件，拟核发危险废物经营许可证。",
                f"核准经营规模{rng.randint(5, 50) * 1000}吨/年，有效期五年。",
            ),
        }

    def _permits(self, index, formed, rng):
        month = (formed.replace(day=1) - timedelta(days=1)).replace(day=1)
        return {
            "title": f"{month.year}年{month.month}月排污许可证核发情况公示",
            "department": "审批科",
            "body": self._p(
                "根据《排污许可管理条例》，现将本月排污许可证核发（新申请、延续）情况公示如下：",
                f"共核发排污许可证{rng.randint(5, 30)}件，其中重点管理{rng.randint(1, 5)}件。",
            ),
        }

    def _penalty(self, index, formed, rng):
        company = rng.choice(COMPANIES)
        facts, rule, penalty_rule, fine = rng.choice(VIOLATIONS)
        number = self.number("示环罚", formed.year)
        law = rule.split("》")[0] + "》"
        return {
            "title": f"行政处罚决定书（{number}）",
            "document_number": number,
            "department": "执法支队",
            "body": self._p(
                f"当事人：{company}",
                f"经查，当事人{facts}，违反了{rule}的规定。",
                f"依据{law}{penalty_rule}，我局决定对当事人处罚款人民币{fine}元。",
                "如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议，或者在六个月内向人民法院提起行政诉讼。",
            ),
        }

    def _seizure(self, index, formed, rng):
        company = rng.choice(COMPANIES)
        number = self.number("示环封", formed.year)
        return {
            "title": f"查封（扣押）决定书（{number}）",
            "document_number": number,
            "department": "执法支队",
            "body": self._p(
                f"当事人：{company}",
                "经查，当事人违法排放污染物，可能造成严重污染，依据《中华人民共和国环境保护法》第二十五条，决定对相关设施予以查封。",
                "查封期限三十日。",
            ),
        }

    def _ecology(self, index, formed, rng):
        titles = (
            f"示例市{formed.year}年农村环境综合整治工作进展",
            "示例市生态文明建设示范区创建工作情况",
            f"示例市{formed.year}年生物多样性保护工作情况",
        )
        return {
            "title": titles[index % len(titles)],
            "department": "自然生态科",
            "body": self._p(f"{formed.year}年，全市完成{rng.randint(10, 40)}个行政村环境综合整治。"),
        }

    def _consultation(self, index, formed, rng):
        questions = (
            "餐饮油烟排放标准适用问题",
            "建设项目环评分类管理问题",
            "排污许可登记管理适用范围问题",
            "噪声扰民投诉处理程序问题",
            "企业环境信息依法披露内容问题",
        )
        return {
            "title": f"关于{questions[index % len(questions)]}的答复",
            "department": "办公室",
            "body": self._p(
                "您好！您反映的问题已收悉。",
                "经研究，答复如下：请参照现行有效的国家和地方标准执行，具体可咨询所在区县生态环境分局。",
                "感谢您对生态环境保护工作的关心和支持。",
            ),
        }

    def _notice(self, index, formed, rng):
        topic = NOTICE_TOPICS[index % len(NOTICE_TOPICS)]
        year = formed.year
        title = f"示例市生态环境局关于{topic}的通知"
        if topic == "开展生态环境宣传月活动":
            title = f"示例市生态环境局关于开展{year}年度生态环境宣传月活动的通知"
        return {
            "title": title,
            "department": "办公室",
            "body": self._p(
                "各区县生态环境分局，局机关各科室，各有关单位：",
                f"为做好{topic.replace('开展', '').replace('做好', '')}有关工作，现将有关事项通知如下。",
                "一、提高认识，加强组织领导；二、明确任务，压实工作责任；三、强化督导，确保取得实效。",
            ),
        }


def _notice_column(actor) -> CatalogueItem:
    item = CatalogueItem.objects.filter(code=NOTICE_CODE).first()
    if item:
        return item
    return services.save_catalogue_item(
        actor=actor,
        code=NOTICE_CODE,
        name="通知公告",
        content="本机关发布的通知、公告、通告",
        basis="《中华人民共和国政府信息公开条例》第十九条",
        time_limit_days=20,
        time_limit_start="formed",
        department="办公室",
        channels=["政府网站"],
        audience="全社会",
        method="主动",
        level="市级、县级",
        link="",
        replace_on_change=False,
        order=190,
    )


def _formed_dates(rng: random.Random, count: int, start: date, end: date) -> list[date]:
    """`count` working-looking days spread over [start, end], oldest first."""
    span = (end - start).days
    days = sorted(start + timedelta(days=round(span * (i + rng.random()) / count)) for i in range(count))
    return [day - timedelta(days=max(0, day.weekday() - 4)) for day in days]  # weekends → Friday


def load(*, today: date | None = None, plans: tuple[Plan, ...] = PLANS) -> int:
    """Loads the volume once; returns the number of documents published (0 when already loaded)."""
    if Document.objects.filter(catalogue_item__code=NOTICE_CODE).exists():
        return 0
    accounts = {
        u.username: u for u in User.objects.filter(username__in=["admin", "editor", "reviewer", "leader"])
    }
    if len(accounts) < 4:
        return 0
    editor, reviewer, leader = accounts["editor"], accounts["reviewer"], accounts["leader"]
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    published = 0
    with transaction.atomic():
        _notice_column(accounts["admin"])
        items = {item.code: item for item in CatalogueItem.objects.all()}
        normative: list[Document] = []
        taken = frozenset(
            Document.objects.exclude(document_number="").values_list("document_number", flat=True)
        )
        for plan, formed, when, fields in planned(rng, today, plans, taken):
            document = services.create_document(
                actor=editor,
                catalogue_item=items[plan.code],
                issuing_organ=ORGAN,
                date_formed=formed,
                **fields,
            )
            document = _publish(document, reviewer=reviewer, leader=leader, when=when)
            published += 1
            if document.doc_type == DocType.NORMATIVE:
                normative.append(document)
        for policy in normative[::2]:  # every other normative document gets its 政策解读, published with it
            interpretation = services.create_document(
                actor=editor,
                interprets=[policy],
                title=f"《{policy.title.split('《')[-1].split('》')[0]}》政策解读",
                catalogue_item=items["03.03"],
                issuing_organ=ORGAN,
                date_formed=policy.date_formed,
                doc_type=DocType.INTERPRETATION,
                interpretation_form=InterpretationForm.TEXT,
                subject=Subject.ENVIRONMENT,
                body="<h2>一、制定背景</h2><p>为规范相关管理工作，制定本文件。</p>"
                "<h2>二、主要内容</h2><p>文件明确了适用范围、职责分工和工作程序。</p>",
            )
            _publish(interpretation, reviewer=reviewer, leader=leader, when=policy.published_at)
            published += 1
    return published


def planned(
    rng: random.Random, today: date, plans: tuple[Plan, ...] = PLANS, taken: frozenset[str] = frozenset()
):
    """(plan, 成文日期, 发布时间, fields) of every document, oldest first within each column."""
    writer = Writer(rng, taken)
    start = date(today.year - 1, 1, 1)
    for plan in plans:
        for index, formed in enumerate(_formed_dates(rng, plan.count, start, today - timedelta(days=3))):
            fields = writer.write(plan.kind, index, formed)
            fields.setdefault("subject", Subject.ENVIRONMENT)
            fields.setdefault("doc_type", DocType.OTHER)
            yield plan, formed, _published_at(formed, rng, today), fields


def _published_at(formed: date, rng: random.Random, today: date) -> datetime:
    day = min(formed + timedelta(days=rng.randint(1, 6)), today - timedelta(days=1))
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45)))))


def _publish(document: Document, *, reviewer, leader, when: datetime) -> Document:
    services.submit_for_review(actor=document.created_by, document=document)
    services.pass_review(
        actor=reviewer, document=document, note="经审查，不涉及国家秘密、工作秘密和个人隐私，可以公开。"
    )
    return services.approve_document(actor=leader, document=document, now=when)
