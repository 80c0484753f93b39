"""Demo cases of 依申请公开 (all people and organisations fictional), in the states a bureau meets every day:
waiting to be registered, running, due soon, overdue, awaiting a 补正, in consultation, extended, awaiting a
fee, replied (with signed letters; one with the disclosed 公报 attached), closed for want of a 补正 (archived,
with its 档号 and numbered notices), and one under administrative reconsideration.

Made through the services, as staff would, with dates counted back from today on the working-day
calendar. Idempotent: nothing is added once the demo applicants exist."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from gongkai.applications import archive, documents, queries, services
from gongkai.applications.models import Application, Attachment, applicant_key_for
from gongkai.applications.outcomes import ReplyOutcome
from gongkai.audit import services as audit
from gongkai.core.identifiers import credit_code_check_char, resident_id_check_char
from gongkai.core.models import User
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.workdays import YearNotCovered


def _resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def _credit_code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


PEOPLE = {
    "zhang": {
        "applicant_type": "natural_person",
        "name": "张示例",
        "id_type": "resident_id",
        "id_number": _resident_id("99010219800101123"),
        "phone": "13900000001",
        "email": "zhang.demo@example.com",
        "address": "示例市示范区演示路8号",
        "postcode": "990001",
        "provision_form": "email",
        "delivery_method": "email",
    },
    "li": {
        "applicant_type": "natural_person",
        "name": "李演示",
        "id_type": "resident_id",
        "id_number": _resident_id("99010219900215234"),
        "phone": "13900000002",
        "email": "",
        "address": "示例市东区样板街12号",
        "provision_form": "paper",
        "delivery_method": "post",
    },
    "wang": {
        "applicant_type": "natural_person",
        "name": "王样例",
        "id_type": "resident_id",
        "id_number": _resident_id("99010319751120345"),
        "phone": "0999-87654321",
        "email": "wang.demo@example.com",
        "address": "",
        "provision_form": "email",
        "delivery_method": "email",
    },
    "lawfirm": {
        "applicant_type": "organisation",
        "organisation_kind": "legal_services",
        "name": "示例明镜律师事务所",
        "id_type": "credit_code",
        "id_number": _credit_code("31990000MD0000001"),
        "contact_person": "赵律师",
        "phone": "13900000003",
        "email": "office@mingjing.example.com",
        "address": "示例市中心大道100号",
        "provision_form": "paper",
        "delivery_method": "post",
    },
    "green": {
        "applicant_type": "organisation",
        "organisation_kind": "public_interest",
        "name": "示例市绿源环保志愿者协会",
        "id_type": "credit_code",
        "id_number": _credit_code("51990000MJ0000002"),
        "contact_person": "周志愿",
        "phone": "13900000004",
        "email": "green.demo@example.org",
        "address": "示例市西区绿荫路3号",
        "provision_form": "electronic_media",
        "delivery_method": "collect",
    },
    "factory": {
        "applicant_type": "organisation",
        "organisation_kind": "commercial",
        "name": "示例化工有限公司",
        "id_type": "credit_code",
        "id_number": _credit_code("91990000MA0000003"),
        "contact_person": "钱经理",
        "phone": "13900000005",
        "email": "",
        "address": "示例市化工园区1号",
        "provision_form": "paper",
        "delivery_method": "post",
    },
}


def demo_keys() -> list[str]:
    return [applicant_key_for(p["id_type"], p["id_number"]) for p in PEOPLE.values()]


def _back(days: int) -> date:
    """The working day `days` working days before today."""
    return get_calendar().add_workdays(queries.today(), -days)


def _data(person: str, description: str, reference: str = "") -> dict:
    return {**PEOPLE[person], "description": description, "document_reference": reference}


def _register(
    handler, person: str, description: str, *, days_ago: int, channel: str = "in_person", reference=""
):
    day = _back(days_ago)
    confirmed = day if channel in ("post_ordinary", "fax", "email") else None
    return services.register_application(
        actor=handler,
        channel=channel,
        data=_data(person, description, reference),
        arrived_on=day,
        confirmed_on=confirmed,
        backdate_reason="演示数据：补录此前收到的申请" if day < queries.today() else "",
    ).application


def _reply(
    application, *, handler, legal, leader, outcome: ReplyOutcome, body: str | None, on: date, method: str
):
    services.draft_reply(actor=handler, application=application, outcome=outcome.value, body=body)
    letter = services.submit_for_legal_review(actor=handler, letter=application.reply)
    services.review_reply(
        actor=legal, letter=letter, approve=True, opinion="经审查，答复内容合法，依据充分，同意。"
    )
    services.sign_reply(actor=leader, letter=letter, signed_on=on)
    services.record_delivery(actor=handler, application=application, method=method, delivered_on=on)


def _bulletin_pdf() -> bytes:
    """A one-page stand-in for the disclosed 公报 (fictional figures)."""
    html = (
        '<html lang="zh-CN"><body style="font-family: \'WenQuanYi Micro Hei\', sans-serif">'
        "<h1>示例市2025年环境质量状况公报（演示）</h1>"
        "<p>2025年，示例市环境空气质量优良天数比例为86.3%，PM2.5年均浓度为31微克/立方米；"
        "地表水国控断面水质优良（Ⅰ—Ⅲ类）比例为90.0%。（演示数据，非真实监测结果。）</p></body></html>"
    )
    return documents.html_to_pdf(html)


def load_demo_cases() -> None:
    if Application.objects.filter(applicant_key__in=demo_keys()).exists():
        return
    users = {user.username: user for user in User.objects.filter(username__in=["handler", "legal", "leader"])}
    if len(users) < 3:
        return
    try:
        with transaction.atomic():
            _load(users["handler"], users["legal"], users["leader"])
    except YearNotCovered:
        return  # today's year is not in the calendar: an administrator must enter it first


def _load(handler, legal, leader) -> None:
    today = queries.today()
    # 1. An online submission waiting to be registered (条例 Art. 31: received when both sides confirm).
    services.submit_application(
        data=_data("wang", "2026年示例河流域水质自动监测站月度监测数据（高锰酸盐指数、氨氮）。")
    )
    # 2. Running, received a few working days ago.
    _register(handler, "zhang", "示例市2026年第三季度空气质量排名通报及各区PM2.5浓度数据。", days_ago=4)
    # 3. Due soon: received 17 working days ago.
    _register(
        handler,
        "factory",
        "本公司所在化工园区规划环境影响评价报告书的审查意见。",
        days_ago=17,
        channel="post_signed",
    )
    # 4. Overdue: received 23 working days ago, still running.
    _register(
        handler,
        "li",
        "示例市东区垃圾焚烧发电项目竣工环境保护验收监测报告。",
        days_ago=23,
        channel="post_ordinary",
    )
    # 5. Awaiting a 补正.
    case = _register(handler, "wang", "关于我家附近那个厂的环保材料。", days_ago=6)
    services.request_supplement(
        actor=handler,
        application=case,
        issued_on=_back(3),
        deadline=today + timedelta(days=15),
        items="请写明所指企业的名称或地址，以及所需环保材料的名称（如环评批复、排污许可证、监测报告等）。",
    )
    # 6. In consultation with a third party (条例 Art. 32).
    case = _register(
        handler, "green", "示例化工有限公司2025年度自行监测报告及超标排放整改情况。", days_ago=12
    )
    services.start_consultation(
        actor=handler,
        application=case,
        started_on=_back(5),
        party_kind="third_party",
        party="示例化工有限公司",
    )
    # 7. Extended by the office head (条例 Art. 33).
    case = _register(handler, "lawfirm", "2025年度本市重点排污单位名录及执法检查记录汇总。", days_ago=19)
    services.request_extension(
        actor=handler, application=case, workdays=15, reason="所需信息涉及多个处室和年度档案，需要检索、汇总"
    )
    request = case.extension_requests.get()
    services.decide_extension(actor=leader, request=request, approve=True, decided_on=_back(1))
    # 8. Awaiting a fee: 按量计收 for 150 paper pages (31–100 at 10 元, 101–150 at 20 元 = 1700 元).
    case = _register(
        handler, "factory", "2024年至2026年本市全部建设项目环评批复文件的纸质复印件。", days_ago=8
    )
    services.issue_fee_notice(
        actor=handler,
        application=case,
        method="by_volume",
        pages=150,
        issued_on=_back(2),
        notice_received_on=_back(2),
    )
    # 9. Replied: disclosed, the 公报 attached to the letter (附件) and delivered with it by e-mail.
    case = _register(handler, "zhang", "示例市2025年环境质量状况公报。", days_ago=30)
    services.add_attachment(
        actor=handler,
        application=case,
        kind=Attachment.Kind.DISCLOSED,
        upload=SimpleUploadedFile("示例市2025年环境质量状况公报.pdf", _bulletin_pdf(), "application/pdf"),
    )
    _reply(
        case,
        handler=handler,
        legal=legal,
        leader=leader,
        outcome=ReplyOutcome.DISCLOSED,
        body=None,
        on=_back(20),
        method="email",
    )
    # 10. Replied: partly disclosed, then an administrative reconsideration (Table 四).
    case = _register(handler, "lawfirm", "示例化工有限公司2025年行政处罚决定书及其执法案卷。", days_ago=28)
    body = queries.draft_text(case, ReplyOutcome.PARTIALLY_DISCLOSED).replace(
        "【写明不予公开的内容及其理由、依据】",
        "执法案卷中的调查询问笔录，属于行政执法案卷信息，依据条例第十六条第二款不予公开",
    )
    _reply(
        case,
        handler=handler,
        legal=legal,
        leader=leader,
        outcome=ReplyOutcome.PARTIALLY_DISCLOSED,
        body=body,
        on=_back(12),
        method="post",
    )
    services.record_appeal(
        actor=legal,
        application=case,
        route="reconsideration",
        body="示例市人民政府",
        case_number="示政复〔2026〕88号",
        filed_on=_back(5),
    )
    # 11. Closed as 其他处理 1: no 补正 by the deadline in the notice.
    case = _register(handler, "li", "那个事情的相关文件。", days_ago=35)
    services.request_supplement(
        actor=handler,
        application=case,
        issued_on=_back(33),
        deadline=_back(25),
        items="请写明所需信息的名称或内容。",
    )
    services.close_application(
        actor=handler,
        application=case,
        outcome=ReplyOutcome.OTHER_NO_SUPPLEMENT.value,
        closed_on=_back(20),
        reason="申请人逾期未补正，经电话确认无正当理由",
    )
    # …and archived: its 档号, and the numbered 补正 and 终止 notices in its case archive.
    archive.assign_archive_number(case, actor=handler)
    audit.record(actor=None, action="application.demo", target=("applications", "", "依申请公开演示案件"))
