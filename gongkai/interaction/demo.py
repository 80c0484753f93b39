"""Demo data of 互动交流 (core.demo): a year of messages and reports at a city bureau's volume (about 25 a
month across the four kinds; replied within the deadline (three from before the year, outside the PITI
self-assessment's 12 months, were replied late, to show the flag), some still open and overdue,
about a third with the writer's consent on the public Q&A, some reports transferred as case leads), two
consultations with their 采纳情况, four quarterly press conferences and an online interview, and a handful
of 舆情 items. Fictional people and places. Idempotent: nothing is added once the demo messages exist.

Every demo message has the query code DEMO2345 (one hash for all: hashing hundreds of codes would make
`gongkai demo` slow), so the status page can be tried with any demo number."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.core.sequences import next_value
from gongkai.interaction import conf, deadlines, services
from gongkai.interaction.models import (
    TRACKING_PREFIX,
    Adoption,
    CaseLead,
    Comment,
    Consultation,
    Kind,
    Message,
    OpinionItem,
    PollutionKind,
    PressEvent,
    Publication,
    SensitiveWord,
    Status,
)

DEMO_CODE = "DEMO2345"
PER_MONTH = 30

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
]
TOPICS = {
    Kind.DIRECTOR: [
        (
            "建议加强城郊结合部秸秆焚烧巡查",
            "每年秋收后城郊结合部秸秆焚烧较多，夜间烟味很重，建议加强巡查和宣传。",
        ),
        (
            "建议公开重点排污单位名单",
            "希望贵局在网站上集中公开本市重点排污单位名单和自动监测数据，方便群众监督。",
        ),
        ("关于东湖水环境治理的建议", "东湖近年水质改善明显，建议继续推进截污纳管，并在湖边设置水质公示牌。"),
    ],
    Kind.CONSULTATION: [
        (
            "小餐馆油烟排放有什么要求",
            "我准备开一家小餐馆，请问油烟净化设施有什么要求，需要办理哪些环保手续？",
        ),
        ("建设项目环评审批需要多长时间", "我们公司拟建一条生产线，请问环评报告表的审批时限是多少个工作日？"),
        ("如何查询空气质量实时数据", "请问在哪里可以查到各监测站点的实时空气质量数据和历史数据？"),
        ("装修噪声的管理时间", "请问居民装修施工的噪声在什么时间段是禁止的，由哪个部门管理？"),
        ("排污许可证延续怎么办理", "我单位排污许可证明年到期，请问延续申请需要提前多久提交，需要哪些材料？"),
    ],
    Kind.COMPLAINT: [
        ("投诉小区附近工地夜间施工", "小区旁边的工地经常晚上十一点以后还在施工，噪声很大，影响休息。"),
        ("投诉垃圾中转站臭味", "我家附近的垃圾中转站夏天臭味很重，希望能加强管理，及时清运。"),
        ("建议增加河道保洁频次", "南河沿岸经常有漂浮垃圾，建议增加保洁频次。"),
    ],
    Kind.REPORT: [
        ("举报某厂夜间偷排废水", "青石县工业园区一家企业夜间通过雨水管排放有颜色的废水，河水发黑有异味。"),
        ("举报烧烤摊露天焚烧", "北塘区夜市多处烧烤摊使用木炭露天烧烤，烟雾很大。"),
        ("举报砂石场粉尘污染", "临江县沿江砂石场未覆盖，刮风时粉尘很大，周边农田被覆盖。"),
        ("举报化工厂刺激性气味", "经开区某化工厂附近经常闻到刺激性气味，晚上尤其明显。"),
        ("举报非法倾倒建筑垃圾", "西山区山脚下有车辆夜间倾倒建筑垃圾和疑似危险废物。"),
    ],
}
REPLIES = {
    Kind.DIRECTOR: "感谢您的建议。我局已将相关建议转交业务处室研究，将在下一阶段工作中统筹考虑并加强落实。",
    Kind.CONSULTATION: (
        "您好，根据相关规定，具体要求和办理流程可查阅我局网站“办事服务”栏目，或致电业务处室咨询。"
    ),
    Kind.COMPLAINT: "您好，接到投诉后我局已会同属地街道现场核查，已责令相关单位整改，并将持续跟踪。",
    Kind.REPORT: "您好，接到举报后执法人员已赴现场检查，对发现的环境违法行为已依法立案查处，感谢您的监督。",
}
KIND_WEIGHTS = [(Kind.DIRECTOR, 3), (Kind.CONSULTATION, 10), (Kind.COMPLAINT, 7), (Kind.REPORT, 10)]


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def _staff(role_username: str):
    return get_user_model().objects.filter(username=role_username).first()


@transaction.atomic
def load_demo(months: int = 12) -> int:
    """Create the demo data if no demo message exists yet; returns the number of messages added."""
    if Message.objects.filter(submission_nonce__startswith="demo-").exists():
        return 0
    editor = _staff("editor") or get_user_model().objects.filter(is_superuser=True).first()
    handler = _staff("handler") or editor
    enforcer = _staff("enforcer")
    if editor is None:
        return 0
    for word, category in (("赌博", "违法"), ("代开发票", "广告"), ("枪支", "违法"), ("办证", "广告")):
        SensitiveWord.objects.get_or_create(word=word, defaults={"category": category})
    rng = random.Random(2026)
    calendar = services._calendar()
    code_hash = make_password(DEMO_CODE)
    today = timezone.localdate()
    start = deadlines.add_months(today.replace(day=1), -months + 1)
    kinds = [kind for kind, weight in KIND_WEIGHTS for _ in range(weight)]
    created = 0
    day = start
    while day <= today:
        for _ in range(rng.randint(0, 2) if day.weekday() < 5 else rng.randint(0, 1)):
            kind = rng.choice(kinds)
            created += _demo_message(rng, calendar, code_hash, kind, day, today, editor, handler, enforcer)
        day += timedelta(days=1)
    for days in (80, 70, 60):  # before the year: replied late
        day = calendar.next_workday(today - timedelta(days=365 + days))
        kind = rng.choice(kinds)
        created += _demo_message(
            rng, calendar, code_hash, kind, day, today, editor, handler, enforcer, late_reply=True
        )
    _demo_consultations(editor, today)
    _demo_press(editor, today)
    _demo_map(editor)
    audit.record(actor=None, action="interaction.demo_load", after={"messages": created})
    return created


# A fictional grid of squares for the fictional districts, laid over the demo city's air-monitoring
# stations (air/demo.py, 116.2–116.6 E, 39.85–39.98 N) so the air map (core/districtmap.py) draws them
# on the same boundaries.
DEMO_ORIGIN = (116.15, 40.05)
DEMO_CELL = 0.17


def demo_district_geojson() -> dict:
    """The demo's district map: the configured districts as a grid of squares (fictional boundaries;
    a bureau uploads its own)."""
    import math

    names = conf.districts()
    columns = math.ceil(math.sqrt(len(names)))
    features = []
    for index, name in enumerate(names):
        x0 = DEMO_ORIGIN[0] + (index % columns) * DEMO_CELL
        y0 = DEMO_ORIGIN[1] - (index // columns) * DEMO_CELL
        ring = [
            [x0, y0],
            [x0 + DEMO_CELL, y0],
            [x0 + DEMO_CELL, y0 + DEMO_CELL],
            [x0, y0 + DEMO_CELL],
            [x0, y0],
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _demo_map(editor) -> None:
    """The demo district map, and a place on it for about two thirds of the demo reports."""
    import json

    from gongkai.interaction import geo
    from gongkai.interaction.models import DistrictMap

    if not DistrictMap.objects.exists():
        collection = geo.parse(json.dumps(demo_district_geojson()).encode(), conf.districts())
        DistrictMap.objects.create(
            geojson=collection, districts="、".join(geo.names(collection)), uploaded_by=editor
        )
    squares = {
        f["properties"]["name"]: f["geometry"]["coordinates"][0][0]
        for f in demo_district_geojson()["features"]
    }
    rng = random.Random(18)  # its own sequence: the messages above stay as they were
    reports = list(
        Message.objects.filter(kind=Kind.REPORT, submission_nonce__startswith="demo-", latitude__isnull=True)
    )
    placed = []
    for message in reports:
        corner = squares.get(message.district)
        if corner is None or rng.random() < 0.33:
            continue
        message.longitude = round(corner[0] + rng.uniform(0.01, 0.09), 6)
        message.latitude = round(corner[1] + rng.uniform(0.01, 0.09), 6)
        placed.append(message)
    Message.objects.bulk_update(placed, ["longitude", "latitude"])


def _demo_message(
    rng, calendar, code_hash, kind, day, today, editor, handler, enforcer, *, late_reply: bool = False
) -> int:
    title, body = rng.choice(TOPICS[kind])
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    serial = next_value(f"interaction.{kind}", day.year)
    due = deadlines.reply_deadline(calendar, day, conf.reply_workdays(kind))
    age = (today - day).days
    message = Message(
        number=f"{TRACKING_PREFIX[kind]}{day.year}{serial:05d}",
        kind=kind,
        title=title,
        body=body,
        name=name,
        phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
        email="" if rng.random() < 0.5 else f"writer{serial}@example.com",
        consent_publish=rng.random() < 0.35,
        query_code_hash=code_hash,
        submission_nonce=f"demo-{kind}-{day.year}-{serial}",
        submitted_at=_aware(day, rng.randint(8, 21), rng.randint(0, 59)),
        received_on=day,
        due_on=due.due,
        due_provisional=due.provisional,
    )
    if kind == Kind.REPORT:
        message.district = rng.choice(conf.districts())
        message.location = rng.choice(
            ["工业园区北侧", "沿江路与滨河路交叉口", "夜市街", "砂石场", "化工园区东门"]
        )
        message.pollution_kind = rng.choice([k for k in PollutionKind.values if k != PollutionKind.OTHER])
        message.occurred_at = _aware(day, rng.randint(0, 7) or 22)
    roll = rng.random()
    if late_reply:
        message.status = Status.REPLIED
    elif age > 25 and roll < 0.03:
        message.status = Status.REJECTED
        message.reject_reason = "内容与生态环境部门职责无关，已告知向有关部门反映。"
    elif age <= 3:
        message.status = Status.PENDING
    elif age > 25 and roll > 0.96:
        message.status = Status.ASSIGNED  # an overdue message nobody answered
    elif due.due >= today and roll > 0.5:
        message.status = Status.ASSIGNED
    else:
        message.status = Status.REPLIED
    if message.status != Status.PENDING:
        message.moderated_by = editor
        message.moderated_at = message.submitted_at + timedelta(hours=rng.randint(1, 20))
    if message.status in (Status.ASSIGNED, Status.REPLIED):
        message.department = rng.choice(
            ["大气环境处", "水生态环境处", "执法支队", "环评与排污许可处", "办公室"]
        )
        message.handler = handler
        message.assigned_at = message.moderated_at + timedelta(hours=2)
    if message.status == Status.REPLIED:
        rng.random()  # the draw that once chose a late reply, kept so the rest of the demo is unchanged
        late = late_reply
        taken = (
            conf.reply_workdays(kind) + rng.randint(1, 6)
            if late
            else rng.randint(2, conf.reply_workdays(kind))
        )
        replied = min(calendar.add_workdays(day, taken), today)
        message.reply = REPLIES[kind]
        message.replied_on = replied
        message.replied_at = _aware(replied, rng.randint(9, 17))
        message.replied_by = handler
        message.reply_workdays = deadlines.workdays_taken(calendar, day, replied)
        if rng.random() < 0.4:
            message.rating = rng.choice([3, 3, 3, 2, 2, 1])
            message.rated_at = message.replied_at + timedelta(days=rng.randint(1, 5))
        if message.consent_publish:
            for key, value in services.redacted_copy(message).items():
                setattr(message, key, value)
            message.published_at = message.replied_at + timedelta(hours=1)
    message.save()
    if kind == Kind.REPORT and enforcer and message.status != Status.REJECTED and rng.random() < 0.15:
        CaseLead.objects.create(
            message=message,
            officer=enforcer,
            note="举报内容具体，疑似环境违法，请核查。",
            transferred_by=editor,
            transferred_at=(message.moderated_at or message.submitted_at) + timedelta(hours=3),
            acknowledged_at=None
            if message.status == Status.PENDING
            else message.submitted_at + timedelta(days=1),
        )
    return 1


def _demo_consultations(editor, today) -> None:
    drafts = [
        (
            "《城区建筑施工噪声污染防治管理办法（征求意见稿）》",
            "第一条 为防治建筑施工噪声污染，保障居民正常生活，制定本办法。\n"
            "第二条 夜间（22时至次日6时）禁止在噪声敏感建筑物集中区域进行产生噪声的建筑施工作业。",
            [
                ("建议夜间施工审批信息在网站公开，方便居民查询。", Adoption.ADOPTED, ""),
                (
                    "建议把禁止施工时间提前到21时。",
                    Adoption.NOT_ADOPTED,
                    "夜间时段按《噪声污染防治法》的规定执行。",
                ),
                (
                    "建议对多次违规的施工单位加重处罚并曝光。",
                    Adoption.PARTLY,
                    "曝光已采纳；处罚幅度须依照上位法。",
                ),
            ],
        ),
        (
            "《东湖流域水生态环境保护规划（2026—2030年）（征求意见稿）》",
            "一、规划范围和期限\n二、水环境质量目标：到2030年，东湖水质稳定达到Ⅲ类。",
            [
                ("建议增加湖滨带生态修复的具体项目清单。", Adoption.ADOPTED, ""),
                (
                    "建议禁止湖区一切垂钓活动。",
                    Adoption.NOT_ADOPTED,
                    "不属于本规划调整范围，已转有关部门研究。",
                ),
            ],
        ),
    ]
    for index, (title, text, comments) in enumerate(drafts):
        if Consultation.objects.filter(title=title).exists():
            continue
        starts = today - timedelta(days=200 - 90 * index)
        consultation = Consultation.objects.create(
            title=title,
            summary="根据有关法律法规，结合本市实际，起草了本文件，现公开征求社会公众意见。",
            draft_text=text,
            department="法规与标准处",
            starts_on=starts,
            ends_on=starts + timedelta(days=30),
            state=Consultation.State.FEEDBACK,
            opened_at=_aware(starts, 9),
            feedback_summary=f"征集期间共收到有效意见{len(comments)}条，逐条研究后，采纳情况如下。",
            feedback_published_at=_aware(starts + timedelta(days=45), 10),
            created_by=editor,
        )
        for number, (body, adoption, reason) in enumerate(comments):
            Comment.objects.create(
                consultation=consultation,
                body=body,
                public_body=body,
                state=Comment.State.APPROVED,
                submitted_at=_aware(starts + timedelta(days=3 + number), 20),
                moderated_at=_aware(starts + timedelta(days=4 + number), 9),
                adoption=adoption,
                adoption_reason=reason,
            )


def _demo_press(editor, today) -> None:
    if PressEvent.objects.exists():
        return
    opinions = []
    for days, topic, source, level, hours, url in (
        (300, "网传东湖出现大面积死鱼", "本地微博", "major", 4, "/hudong/feed/"),
        (220, "市民反映经开区夜间异味", "市长热线转办", "significant", 20, "/hudong/feed/"),
        (150, "自媒体称某水源地水质超标", "微信公众号", "major", 9, "/hudong/feed/"),
        (60, "网帖质疑空气质量数据造假", "论坛", "significant", 30, "/hudong/feed/"),
        (20, "居民关注垃圾焚烧厂二噁英排放", "短视频平台", "general", None, ""),
    ):
        seen = timezone.now() - timedelta(days=days)
        opinions.append(
            OpinionItem.objects.create(
                topic=topic,
                source=source,
                level=level,
                first_seen_at=seen,
                assessment="经研判，需及时回应，核实情况后发布权威信息。",
                response="经现场核查和监测，相关情况已查明，详见发布内容。" if hours else "",
                responded_at=seen + timedelta(hours=hours) if hours else None,
                response_url=url,
                recorded_by=editor,
            )
        )
    year = today.year
    for quarter, month in enumerate((2, 5, 8, 11), start=1):
        when = _aware(date(year - (1 if month > today.month else 0), month, 20), 10)
        event = PressEvent.objects.create(
            format=PressEvent.Format.PRESS,
            title=f"{when.year}年第{quarter}季度例行新闻发布会",
            scheduled_at=when,
            place="市生态环境局三楼新闻发布厅",
            speakers="孙局长，市生态环境局局长\n大气环境处处长\n水生态环境处处长",
            topics="季度环境质量状况\n重点工作进展\n回应社会关切",
            transcript="主持人：各位记者朋友，上午好！……\n记者：请问近期东湖水质情况如何？\n答：……",
            materials="季度环境质量简报",
            video_url="https://video.example.gov.cn/press/2026",
            state=PressEvent.State.HELD,
            published_at=when + timedelta(hours=4),
        )
        event.opinions.set(opinions[quarter - 1 : quarter])
    interview = PressEvent.objects.create(
        format=PressEvent.Format.INTERVIEW,
        title="在线访谈：打好蓝天保卫战",
        scheduled_at=timezone.now() - timedelta(days=40),
        speakers="大气环境处处长",
        topics="秋冬季大气污染防治",
        transcript="网友：秋冬季为什么容易出现重污染天气？\n嘉宾：……",
        state=PressEvent.State.HELD,
        published_at=timezone.now() - timedelta(days=40),
    )
    interview.opinions.set(opinions[3:4])
    if not Publication.objects.exists():
        publication = Publication(
            source=Publication.Source.PRESS,
            title=f"{year}年第3季度例行新闻发布会召开",
            summary="市生态环境局召开例行新闻发布会，通报季度环境质量状况和重点工作进展。",
            body_html="<p>市生态环境局召开例行新闻发布会。</p><h2>一、环境质量</h2><p>全市空气质量优良天数比例同比上升。</p>",
            link="/hudong/press/",
            created_by=editor,
            published_at=timezone.now() - timedelta(days=30),
        )
        publication.wechat_html, publication.weibo_text = services.render_newmedia(publication)
        publication.save()
