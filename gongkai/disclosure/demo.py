"""Demo data of 主动公开: the standard catalogue and a handful of documents taken through the real
workflow by the demo accounts (editor → reviewer → leader), so that the audit trail, the revision
history and the timeliness figures look like a working bureau's. Idempotent."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.core.models import User
from gongkai.disclosure import services
from gongkai.disclosure.models import CatalogueItem, DocType, Document, InterpretationForm, Subject, Validity
from gongkai.disclosure.standard_catalogue import STANDARD_CATALOGUE

ORGAN = "示例市生态环境局"

EIA_RULES_BODY = (
    "<p>各区县生态环境分局，局机关各处室：</p>"
    "<p>为深化“放管服”改革，规范建设项目环境影响评价（环评）文件审批，"
    "现将《示例市建设项目环境影响评价文件分级审批规定》印发给你们，请认真贯彻执行。</p>"
    "<h2>示例市建设项目环境影响评价文件分级审批规定</h2>"
    "<p>第一条 为规范建设项目环评审批，落实排污许可与环评衔接，"
    "根据《中华人民共和国环境影响评价法》等规定，制定本规定。</p>"
    "<p>第二条 市生态环境局负责审批跨区县建设项目以及化工、石化、垃圾焚烧发电等重点行业建设项目的环评文件；"
    "其余建设项目环评文件由项目所在地区县生态环境分局审批。</p>"
    "<p>第三条 审批部门应当在受理环评文件后公开受理情况和报告书全本，"
    "作出审批决定前公示拟审查情况，作出决定后公开审批决定。</p>"
    "<p>第四条 本规定自印发之日起施行。《示例市生态环境局关于建设项目环评审批权限划分的通知》同时废止。</p>"
)

INTERPRETATION_BODY = """
<h2>一、制定背景</h2>
<p>为落实国家关于深化环评审批制度改革的要求，进一步明确市、区县两级环评审批权限，制定本规定。</p>
<h2>二、主要内容</h2>
<p>规定明确了市级审批的重点行业范围，要求审批部门在受理、拟决定和决定三个环节依法公开环评信息，并做好环评与排污许可的衔接。</p>
<h2>三、施行时间</h2>
<p>本规定自印发之日起施行，原《关于建设项目环评审批权限划分的通知》同时废止。</p>
"""

PENALTY_BODY = """
<p>当事人：示例市某某化工有限公司</p>
<p>统一社会信用代码：91990100MA00000005</p>
<p>法定代表人：王某某，联系电话：13912345678</p>
<p>经查，你单位于2026年8月12日在污水处理设施未正常运行的情况下排放生产废水，违反了《中华人民共和国水污染防治法》第三十九条的规定。</p>
<p>依据《中华人民共和国水污染防治法》第八十三条第（三）项，我局决定对你单位处罚款人民币二十万元。</p>
<p>如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议，或者在六个月内向人民法院提起行政诉讼。</p>
"""


def _load_catalogue(actor) -> None:
    existing = {item.code: item for item in CatalogueItem.objects.all()}
    for row in STANDARD_CATALOGUE:
        if row["code"] not in existing:
            existing[row["code"]] = services.save_catalogue_item(actor=actor, **row)


def _publish(document: Document, *, reviewer, leader, when: datetime, redact: bool = False) -> Document:
    services.submit_for_review(actor=document.created_by, document=document)
    if redact:
        services.redact_all(actor=reviewer, document=document)
    services.pass_review(
        actor=reviewer, document=document, note="经审查，不涉及国家秘密和工作秘密，可以公开。"
    )
    return services.approve_document(actor=leader, document=document, now=when)


def _at(day, hour=10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _load_documents(*, editor, reviewer, leader) -> None:
    items = {item.code: item for item in CatalogueItem.objects.all()}
    today = timezone.localdate()

    def draft(**fields) -> Document:
        fields.setdefault("issuing_organ", ORGAN)
        fields.setdefault("subject", Subject.ENVIRONMENT)
        return services.create_document(actor=editor, **fields)

    old_rules = draft(
        title="示例市生态环境局关于建设项目环评审批权限划分的通知",
        catalogue_item=items["03.02"],
        document_number="示环发〔2019〕21号",
        date_formed=today - timedelta(days=2400),
        doc_type=DocType.NORMATIVE,
        validity=Validity.VALID,
        body="<p>各区县生态环境分局：现将建设项目环评审批权限划分如下……</p>",
    )
    _publish(old_rules, reviewer=reviewer, leader=leader, when=_at(today - timedelta(days=2395)))

    formed = today - timedelta(days=120)
    rules = draft(
        title="示例市生态环境局关于印发《示例市建设项目环境影响评价文件分级审批规定》的通知",
        catalogue_item=items["03.02"],
        document_number="示环发〔2026〕8号",
        date_formed=formed,
        doc_type=DocType.NORMATIVE,
        validity=Validity.VALID,
        department="法规科",
        body=EIA_RULES_BODY,
    )
    _publish(rules, reviewer=reviewer, leader=leader, when=_at(formed + timedelta(days=6)))

    revision = services.start_revision(
        actor=editor, document=old_rules, reason="该文件已被示环发〔2026〕8号废止，标注废止信息。"
    )
    services.update_document(
        actor=editor,
        document=revision,
        validity=Validity.REPEALED,
        ceased_on=formed,
        repealed_by=rules,
        repealed_by_title="示环发〔2026〕8号",
    )
    _publish(revision, reviewer=reviewer, leader=leader, when=_at(formed + timedelta(days=7)))

    interpretation = services.create_document(
        actor=editor,
        interprets=[rules],
        title="《示例市建设项目环境影响评价文件分级审批规定》政策解读",
        catalogue_item=items["03.03"],
        issuing_organ=ORGAN,
        date_formed=formed + timedelta(days=6),
        doc_type=DocType.INTERPRETATION,
        interpretation_form=InterpretationForm.TEXT,
        subject=Subject.ENVIRONMENT,
        body=INTERPRETATION_BODY,
    )
    _publish(interpretation, reviewer=reviewer, leader=leader, when=_at(formed + timedelta(days=6), 15))

    formed = today - timedelta(days=95)
    approval = draft(
        title="关于示例市某某化工有限公司年产5万吨新材料项目环境影响报告书的批复",
        catalogue_item=items["05.01.01"],
        document_number="示环审〔2026〕35号",
        date_formed=formed,
        department="审批科",
        body="<p>你公司报送的项目环境影响报告书收悉。经研究，批复如下：……项目须落实大气污染防治和排污许可各项要求。</p>",
    )
    _publish(approval, reviewer=reviewer, leader=leader, when=_at(formed + timedelta(days=45)))  # late

    formed = today - timedelta(days=60)
    penalty = draft(
        title="行政处罚决定书（示环罚〔2026〕17号）",
        catalogue_item=items["05.02.02"],
        document_number="示环罚〔2026〕17号",
        date_formed=formed,
        department="执法支队",
        body=PENALTY_BODY,
    )
    _publish(penalty, reviewer=reviewer, leader=leader, when=_at(formed + timedelta(days=5)), redact=True)

    formed = today - timedelta(days=30)
    permits = draft(
        title=f"{formed.year}年{formed.month}月排污许可证核发情况公示",
        catalogue_item=items["05.01.04"],
        date_formed=formed,
        department="审批科",
        body="<p>根据《排污许可管理条例》《排污许可管理办法》，现将本月排污许可证核发（新申请、延续）情况公示如下：共核发排污许可证12件。</p>",
    )
    _publish(permits, reviewer=reviewer, leader=leader, when=_at(formed + timedelta(days=3)))

    notice = draft(
        title="关于示例市某某项目环评文件受理情况的公示",
        catalogue_item=items["05.01.01"],
        date_formed=today - timedelta(days=20),
        department="审批科",
        body="<p>我局受理了示例市某某项目环境影响报告书，现予公示。</p>",
    )
    _publish(notice, reviewer=reviewer, leader=leader, when=_at(today - timedelta(days=18)))
    services.withdraw_document(
        actor=leader, document=notice, reason="建设单位已撤回环评申请，该受理公示相应撤回。"
    )

    monitoring = draft(
        title="关于重点排污单位自行监测情况的通报",
        catalogue_item=items["03.07"],
        date_formed=today - timedelta(days=3),
        department="监测科",
        body="<p>经抽查，部分重点排污单位自行监测数据未按时公开。联系人：李工，手机13812345678。</p>",
    )
    services.submit_for_review(actor=editor, document=monitoring)  # waits for the reviewer

    draft(
        title="2025年示例市生态环境状况公报",
        catalogue_item=items["03.05"],
        date_formed=today - timedelta(days=1),
        department="监测科",
        body="<p>2025年，全市环境空气质量优良天数比例为89.3%，地表水国控断面水质优良比例为90.0%。</p>",
    )


def load() -> None:
    """Registered with core.demo: runs after the platform's demo accounts exist."""
    accounts = {
        user.username: user
        for user in User.objects.filter(username__in=["admin", "editor", "reviewer", "leader"])
    }
    if len(accounts) < 4:
        return
    with transaction.atomic():
        if not CatalogueItem.objects.exists():
            _load_catalogue(accounts["admin"])
        if not Document.objects.exists():
            _load_documents(
                editor=accounts["editor"], reviewer=accounts["reviewer"], leader=accounts["leader"]
            )
