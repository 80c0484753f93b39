"""依申请公开 cases (申请案件): the application, its statutory clock ledger, notices, the reply letter and its
legal review, fees, delivery, attachments, appeals and links between repeated applications.

The due date is derived from the ledger (`ClockEvent` rows) by `clock.compute` with the working-day
calendar; `Application.due_on` and `Application.status` are only a cache, rewritten by
`services.recompute` after every event and on every calendar change. Personal data of the applicant
lives in `Application` only; `__str__` of every model here is free of it, so audit records and logs
never carry it."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.applications import clock, fees, labels, outcomes, receipt
from gongkai.core import crypto
from gongkai.core.fields import EncryptedTextField

# --- choices ----------------------------------------------------------------------------------


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class OrganisationKind(models.TextChoices):
    """The five 法人或其他组织 columns of the annual report's Table 三."""

    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICES = "legal_services", _("法律服务机构")
    OTHER = "other", _("其他")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    PASSPORT = "passport", _("护照")
    OTHER = "other", _("其他身份证明")


class ProvisionForm(models.TextChoices):
    """申请公开的政府信息的形式要求 (条例 Art. 29 ③)."""

    PAPER = "paper", _("纸质文本")
    EMAIL = "email", _("电子邮件")
    ELECTRONIC_MEDIA = "electronic_media", _("光盘、U盘等电子介质")
    COLLECT = "collect", _("现场查阅、抄录")


class DeliveryMethod(models.TextChoices):
    """获取信息的方式: how the reply and the information reach the applicant."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    COLLECT = "collect", _("当面领取")
    ONLINE = "online", _("网上查看")


class Channel(models.TextChoices):
    """受理渠道; the receipt-date rule of each is `receipt.RULES` (条例 Art. 31)."""

    ONLINE = receipt.Channel.ONLINE.value, _("网上申请")
    IN_PERSON = receipt.Channel.IN_PERSON.value, _("当面提交")
    POST_SIGNED = receipt.Channel.POST_SIGNED.value, _("邮寄（需签收）")
    POST_ORDINARY = receipt.Channel.POST_ORDINARY.value, _("邮寄（平常信函）")
    FAX = receipt.Channel.FAX.value, _("传真")
    EMAIL = receipt.Channel.EMAIL.value, _("电子邮件")


class Status(models.TextChoices):
    """The case status shown to staff and the applicant: the clock's status once received."""

    SUBMITTED = "submitted", _("已提交，待确认受理")
    RUNNING = clock.ClockStatus.RUNNING.value, _("办理中")
    AWAITING_SUPPLEMENT = clock.ClockStatus.AWAITING_SUPPLEMENT.value, _("等待补正")
    IN_CONSULTATION = clock.ClockStatus.IN_CONSULTATION.value, _("征求意见中")
    AWAITING_FEE = clock.ClockStatus.AWAITING_FEE.value, _("等待缴费")
    REPLIED = clock.ClockStatus.REPLIED.value, _("已答复")
    CLOSED = clock.ClockStatus.CLOSED.value, _("已终止办理")
    VOID = "void", _("已作废")


OPEN_STATUSES = (
    Status.RUNNING,
    Status.AWAITING_SUPPLEMENT,
    Status.IN_CONSULTATION,
    Status.AWAITING_FEE,
)
CONCLUDED_STATUSES = (Status.REPLIED, Status.CLOSED)

OUTCOME_CHOICES = [(outcome.value, labels.outcome_display_lazy(outcome)) for outcome in outcomes.ReplyOutcome]


class Source(models.TextChoices):
    PUBLIC_FORM = "public_form", _("网站申请表")
    API = "api", _("接口")
    STAFF = "staff", _("工作人员登记")


def private_storage() -> FileSystemStorage:
    """Attachments and letters carry personal data: kept outside MEDIA_ROOT (which a web server may
    publish) and served only by staff views that check the permission."""
    return FileSystemStorage(location=settings.DATA_DIR / "private" / "applications", base_url=None)


# --- the application --------------------------------------------------------------------------


class ApplicationQuerySet(models.QuerySet):
    def received(self):
        return self.exclude(received_on=None).exclude(status=Status.VOID)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Application(models.Model):
    """One application for disclosure (依申请公开申请)."""

    tracking_number = models.CharField(_("登记号"), max_length=20, unique=True)
    query_code_hash = models.CharField(_("查询码（哈希）"), max_length=200)
    channel = models.CharField(_("受理渠道"), max_length=20, choices=Channel.choices)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.STAFF)

    # 申请人 (条例 Art. 29 ①) — personal data: shown only to staff holding applications.view_applicant.
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    organisation_kind = models.CharField(
        _("组织类型"), max_length=20, choices=OrganisationKind.choices, blank=True
    )
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    # Identity number, phone and address are encrypted at rest (gongkai/core/crypto.py); staff find
    # an applicant by phone through phone_hash, and the same applicant through applicant_key, both
    # keyed hashes set by save().
    id_number = EncryptedTextField(_("证件号码"), max_length=50)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = EncryptedTextField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = EncryptedTextField(_("通讯地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    applicant_key = models.CharField(_("申请人标识"), max_length=80, db_index=True, editable=False)
    phone_hash = models.CharField(
        _("联系电话（检索哈希）"), max_length=64, db_index=True, blank=True, editable=False
    )

    # 所需信息 (条例 Art. 29 ② ③)
    description = models.TextField(_("所需政府信息的名称或描述"))
    document_reference = models.CharField(_("文号"), max_length=100, blank=True)
    provision_form = models.CharField(_("信息提供形式"), max_length=20, choices=ProvisionForm.choices)
    # 国办函〔2020〕109号 Art. 4: the 件 after 一事一申请 splitting (按件计收 counts them).
    pieces = models.PositiveSmallIntegerField(_("件数（一事一申请拆分后）"), default=1)
    delivery_method = models.CharField(_("获取方式"), max_length=20, choices=DeliveryMethod.choices)

    submitted_at = models.DateTimeField(_("提交时间"))
    # Idempotent submission (issue 10): the hash of the form token's nonce or the API's Idempotency-Key,
    # and the query code kept encrypted for replays; both cleared by the nightly task after a day.
    submission_key = models.CharField(
        _("提交幂等键（哈希）"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    replay_code = EncryptedTextField(_("查询码（重复提交时返回）"), blank=True, editable=False)
    arrived_on = models.DateField(_("收件日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    received_on = models.DateField(_("收到申请之日"), null=True, blank=True, db_index=True)
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_applications",
    )

    # Cache of the clock (services.recompute): never typed in.
    status = models.CharField(_("状态"), max_length=30, choices=Status.choices, db_index=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    calendar_missing_year = models.PositiveIntegerField(_("缺少工作日历的年份"), null=True, blank=True)
    outcome = models.CharField(_("办理结果"), max_length=50, choices=OUTCOME_CHOICES, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    # 档号, given when the concluded case is archived (archive.archive_number: pattern as a setting)
    archive_number = models.CharField(_("档号"), max_length=80, blank=True, db_index=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()
    # Keyed hashes recomputed by set_search_hashes (and by `gongkai keys rotate`).
    SEARCH_HASH_FIELDS = ("applicant_key", "phone_hash")

    class Meta:
        verbose_name = _("依申请公开申请")
        verbose_name_plural = _("依申请公开申请")
        ordering = ["-submitted_at", "-id"]
        default_permissions = ("view",)
        permissions = [
            ("handle_application", _("办理依申请公开申请")),
            ("view_applicant", _("查看申请人个人信息")),
            ("legal_review", _("答复前法律审查")),
            ("approve_extension", _("审批延长答复期限")),
            ("sign_reply", _("签发答复书")),
            ("view_statistics", _("查看依申请公开统计")),
            ("manage_appeals", _("登记行政复议和行政诉讼")),
            ("export_archive", _("导出案卷")),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    def save(self, *args, **kwargs):
        self.set_search_hashes()
        if kwargs.get("update_fields") is not None and {"id_number", "phone"} & set(kwargs["update_fields"]):
            kwargs["update_fields"] = {*kwargs["update_fields"], "applicant_key", "phone_hash"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("applications:case", args=[self.pk])

    def set_search_hashes(self) -> None:
        """Keyed hashes of the identity (the same applicant across applications) and the phone."""
        if self.id_number:
            self.applicant_key = applicant_key_for(self.id_type, self.id_number)
        self.phone_hash = phone_hash_for(self.phone) if self.phone else ""

    @property
    def applicant_column(self) -> outcomes.ApplicantColumn:
        return applicant_column(self.applicant_type, self.organisation_kind)

    @property
    def reply_outcome(self) -> outcomes.ReplyOutcome | None:
        return outcomes.ReplyOutcome(self.outcome) if self.outcome else None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def masked_name(self) -> str:
        return mask_name(self.name, organisation=self.applicant_type == ApplicantType.ORGANISATION)


_COLUMN_OF_KIND = {
    OrganisationKind.COMMERCIAL: outcomes.ApplicantColumn.COMMERCIAL_ENTERPRISE,
    OrganisationKind.RESEARCH: outcomes.ApplicantColumn.RESEARCH_INSTITUTION,
    OrganisationKind.PUBLIC_INTEREST: outcomes.ApplicantColumn.PUBLIC_WELFARE_ORGANISATION,
    OrganisationKind.LEGAL_SERVICES: outcomes.ApplicantColumn.LEGAL_SERVICE_PROVIDER,
    OrganisationKind.OTHER: outcomes.ApplicantColumn.OTHER_ORGANISATION,
}


def applicant_column(applicant_type: str, organisation_kind: str) -> outcomes.ApplicantColumn:
    """The Table 三 column an applicant is counted under."""
    if applicant_type == ApplicantType.NATURAL_PERSON:
        return outcomes.ApplicantColumn.NATURAL_PERSON
    return _COLUMN_OF_KIND.get(organisation_kind, outcomes.ApplicantColumn.OTHER_ORGANISATION)


def applicant_key_for(id_type: str, id_number: str) -> str:
    """A keyed hash of the identity: equal for the same applicant, useless without the key."""
    from gongkai.applications.validation import applicant_key

    return crypto.keyring().search_hash("applicant " + applicant_key(id_type, id_number))


def normalize_phone(phone: str) -> str:
    return re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", phone))  # full-width digits count too


def phone_hash_for(phone: str) -> str:
    return crypto.keyring().search_hash("phone " + normalize_phone(phone))


def mask_name(name: str, *, organisation: bool = False) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***; an organisation keeps its first two and last two characters."""
    name = name.strip()
    if not name:
        return ""
    if organisation:
        return name if len(name) <= 4 else name[:2] + "*" * (len(name) - 4) + name[-2:]
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_middle(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    value = value.strip()
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


class ClockEvent(models.Model):
    """One entry of the statutory clock's ledger (办理时限事件); see `clock.py` for the rules."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="clock_events")
    kind = models.CharField(
        _("事件"), max_length=30, choices=[(k.value, _(k.label)) for k in clock.EventKind]
    )
    day = models.DateField(_("日期"))
    supplement_deadline = models.DateField(_("补正期限"), null=True, blank=True)
    workdays = models.PositiveSmallIntegerField(_("延长工作日数"), null=True, blank=True)
    notice_received = models.DateField(_("申请人收到收费通知之日"), null=True, blank=True)
    deadline = models.DateField(_("合理的答复期限"), null=True, blank=True)
    delivered = models.DateField(_("征求意见书送达日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理时限事件")
        verbose_name_plural = _("办理时限事件")
        ordering = ["day", "id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application} {self.kind_label} {self.day.isoformat()}"

    @property
    def kind_label(self) -> str:
        return clock.EventKind(self.kind).label

    def as_clock_event(self) -> clock.ClockEvent:
        return clock.ClockEvent(
            clock.EventKind(self.kind),
            self.day,
            supplement_deadline=self.supplement_deadline,
            workdays=self.workdays,
            notice_received=self.notice_received,
            deadline=self.deadline,
            delivered=self.delivered,
        )


class Notice(models.Model):
    """A written notice of the case (告知书): to the applicant, or the 征求意见书 to a third party."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", _("受理回执")
        SUPPLEMENT = "supplement", _("补正申请告知书")
        CONSULTATION = "consultation", _("征求意见书")
        EXTENSION = "extension", _("延长答复期限告知书")
        LATER_DEADLINE = "later_deadline", _("确定答复期限告知书")
        FEE = "fee", _("收取信息处理费通知书")
        FEE_WAIVER = "fee_waiver", _("免收信息处理费告知书")
        CLOSURE = "closure", _("终止办理告知书")

    TO_APPLICANT = (
        Kind.ACKNOWLEDGEMENT,
        Kind.SUPPLEMENT,
        Kind.EXTENSION,
        Kind.LATER_DEADLINE,
        Kind.FEE,
        Kind.FEE_WAIVER,
        Kind.CLOSURE,
    )

    # Issue 10: these notices are numbered documents (core.sequences) with the remedy clause, rendered
    # as DOCX and PDF like the reply letter (documents.py), delivered through the applicant's channel and
    # kept in the case archive. The word is the number's 代字: 〈简称〉依申请公开〈代字〉〔YYYY〕N号.
    NUMBERED = {
        Kind.SUPPLEMENT: "补",
        Kind.CONSULTATION: "征",
        Kind.EXTENSION: "延",
        Kind.LATER_DEADLINE: "期",
        Kind.FEE: "费",
        Kind.FEE_WAIVER: "免",
        Kind.CLOSURE: "终",
    }

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    issued_on = models.DateField(_("发出日期"))
    deadline = models.DateField(_("期限"), null=True, blank=True)
    body = models.TextField(_("正文"))
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    recipient = models.CharField(_("主送"), max_length=200, blank=True)  # blank: the applicant
    delivered_via = models.CharField(_("送达渠道"), max_length=20, choices=DeliveryMethod.choices, blank=True)
    body_sha256 = models.CharField(_("正文SHA-256"), max_length=64, blank=True)
    # Reviewed where the reply is (the legal reviewer's queue), after issue: a notice's own statutory
    # time limit (7 working days for 补正, the original 20 for an extension) cannot wait for review.
    review_decision = models.CharField(
        _("法律审查结论"),
        max_length=20,
        choices=[("approved", _("同意")), ("returned", _("有问题"))],
        blank=True,
    )
    review_opinion = models.TextField(_("法律审查意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    event = models.ForeignKey(ClockEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")
        ordering = ["issued_on", "id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()} {self.issued_on.isoformat()}"

    @property
    def to_applicant(self) -> bool:
        return self.kind in self.TO_APPLICANT

    @property
    def is_document(self) -> bool:
        return bool(self.document_number)


class Consultation(models.Model):
    """征求意见 of a third party (条例 Art. 32) or another agency (Art. 34); 15 working days to answer."""

    class PartyKind(models.TextChoices):
        THIRD_PARTY = "third_party", _("第三方")
        AGENCY = "agency", _("其他行政机关")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    party_kind = models.CharField(_("征求对象类型"), max_length=20, choices=PartyKind.choices)
    party = models.CharField(_("征求对象"), max_length=200)
    started_on = models.DateField(_("发出征求意见书日期"))
    delivered_on = models.DateField(_("征求意见书送达日期"), null=True, blank=True)
    answer_due = models.DateField(_("答复意见期限"), null=True, blank=True)
    ended_on = models.DateField(_("收到意见或结束日期"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["started_on", "id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application} {self.get_party_kind_display()} {self.started_on.isoformat()}"


class ExtensionRequest(models.Model):
    """延长答复期限: proposed by the handler, decided by the head of the disclosure office (条例 Art. 33)."""

    class State(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="extension_requests")
    workdays = models.PositiveSmallIntegerField(_("延长工作日数"))
    reason = models.TextField(_("延期理由"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    requested_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application} 延期{self.workdays}个工作日（{self.get_state_display()}）"


class FeeDecision(models.Model):
    """信息处理费 (国办函〔2020〕109号): the notice with its computed amount, and how it was settled."""

    class State(models.TextChoices):
        NOTIFIED = "notified", _("已发出收费通知")
        PAID = "paid", _("已缴费")
        WAIVED = "waived", _("已免收")
        LAPSED = "lapsed", _("逾期未缴费")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="fee_decisions")
    method = models.CharField(
        _("计收方式"), max_length=20, choices=[(m.value, _(m.label)) for m in fees.FeeMethod]
    )
    pieces = models.PositiveIntegerField(_("件数"), null=True, blank=True)
    earlier_this_month = models.PositiveIntegerField(_("本月此前件数"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    computed = models.DecimalField(_("计算金额（元）"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("应缴金额（元）"), max_digits=10, decimal_places=2)
    explanation = models.TextField(_("计算说明"))
    relief_reason = models.TextField(_("减免理由"), blank=True)
    issued_on = models.DateField(_("通知日期"))
    notice_received_on = models.DateField(_("申请人收到通知之日"))
    payment_due = models.DateField(_("缴费期限"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.NOTIFIED)
    settled_on = models.DateField(_("缴费或免收日期"), null=True, blank=True)
    settle_note = models.TextField(_("说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("信息处理费")
        verbose_name_plural = _("信息处理费")
        ordering = ["issued_on", "id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application} 信息处理费{self.amount}元（{self.get_state_display()}）"


class ReplyLetter(models.Model):
    """政府信息公开申请答复书: drafted by the handler from the outcome's template, reviewed by a legal
    reviewer (答复前法律审查, mandatory), signed by a leader, who gives it its document number."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("待法律审查")
        RETURNED = "returned", _("法律审查退回")
        APPROVED = "approved", _("法律审查通过，待签发")
        SIGNED = "signed", _("已签发")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="reply")
    outcome = models.CharField(_("办理结果"), max_length=50, choices=OUTCOME_CHOICES)
    body = models.TextField(_("答复正文"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("拟稿人")
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    document_number = models.CharField(_("文号"), max_length=60, unique=True, null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_on = models.DateField(_("签发日期"), null=True, blank=True)
    docx = models.FileField(_("答复书（Word）"), storage=private_storage, upload_to="letters/", blank=True)
    pdf = models.FileField(_("答复书（PDF）"), storage=private_storage, upload_to="letters/", blank=True)
    public_pdf = models.FileField(
        _("答复书（公开查询版PDF）"), storage=private_storage, upload_to="letters/", blank=True
    )

    class Meta:
        verbose_name = _("答复书")
        verbose_name_plural = _("答复书")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application} 答复书" + (f" {self.document_number}" if self.document_number else "")

    @property
    def reply_outcome(self) -> outcomes.ReplyOutcome:
        return outcomes.ReplyOutcome(self.outcome)


class LegalReview(models.Model):
    """One round of 答复前法律审查; `body_sha256` pins the text that was reviewed."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("同意")
        RETURNED = "returned", _("退回修改")

    letter = models.ForeignKey(ReplyLetter, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("审查结论"), max_length=20, choices=Decision.choices)
    opinion = models.TextField(_("审查意见"))
    outcome = models.CharField(_("审查时的办理结果"), max_length=50, choices=OUTCOME_CHOICES)
    body_sha256 = models.CharField(max_length=64)
    reviewed_at = models.DateTimeField(_("审查时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法律审查")
        verbose_name_plural = _("法律审查")
        ordering = ["reviewed_at", "id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.letter} {self.get_decision_display()}"


class Attachment(models.Model):
    """A file of the case: checked by content (not by name or the browser's type) and by size; stored under
    a random name, so that a file name cannot leak the applicant's name (Froide #309)."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", _("身份证明材料")
        APPLICATION = "application", _("申请书")
        SUPPLEMENT = "supplement", _("补正材料")
        DELIVERY_PROOF = "delivery_proof", _("送达凭证")
        # Issue 10: the information disclosed (可以公开的部分), attached to the reply and delivered with it.
        DISCLOSED = "disclosed", _("公开的政府信息（随答复书提供）")
        OTHER = "other", _("其他材料")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("材料类型"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("文件"), storage=private_storage, upload_to="attachments/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()} #{self.pk}"


class Delivery(models.Model):
    """送达: direct delivery counts from the applicant's signature, postal delivery from the day the letter
    is handed to the post (国办公开办函〔2016〕235号); that day is the reply date on the clock."""

    class Method(models.TextChoices):
        DIRECT = "direct", _("直接送达")
        POST = "post", _("邮政寄送")
        EMAIL = "email", _("电子邮件送达")
        ONLINE = "online", _("网上送达")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="deliveries")
    letter = models.ForeignKey(ReplyLetter, on_delete=models.PROTECT, related_name="deliveries")
    method = models.CharField(_("送达方式"), max_length=20, choices=Method.choices)
    delivered_on = models.DateField(_("送达（交邮）日期"))
    reference = models.CharField(_("邮件号或回执编号"), max_length=100, blank=True)
    proof = models.ForeignKey(
        Attachment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("送达凭证"),
    )
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ["delivered_on", "id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application} {self.get_method_display()} {self.delivered_on.isoformat()}"


class Appeal(models.Model):
    """行政复议 or 行政诉讼 about a case, counted in Table 四 by route and result."""

    class Route(models.TextChoices):
        RECONSIDERATION = outcomes.AppealRoute.RECONSIDERATION.value, _("行政复议")
        LITIGATION_DIRECT = outcomes.AppealRoute.LITIGATION_DIRECT.value, _("未经复议直接起诉")
        LITIGATION_AFTER_RECONSIDERATION = (
            outcomes.AppealRoute.LITIGATION_AFTER_RECONSIDERATION.value,
            _("复议后起诉"),
        )

    class Result(models.TextChoices):
        UPHELD = outcomes.AppealResult.UPHELD.value, _("结果维持")
        CORRECTED = outcomes.AppealResult.CORRECTED.value, _("结果纠正")
        OTHER = outcomes.AppealResult.OTHER.value, _("其他结果")
        PENDING = outcomes.AppealResult.PENDING.value, _("尚未审结")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeals")
    route = models.CharField(_("途径"), max_length=40, choices=Route.choices)
    body = models.CharField(_("复议机关或法院"), max_length=200)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    filed_on = models.DateField(_("收到复议申请或起诉状之日"))
    result = models.CharField(_("结果"), max_length=20, choices=Result.choices, default="pending")
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("行政复议或诉讼")
        verbose_name_plural = _("行政复议或诉讼")
        ordering = ["-filed_on", "-id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application} {self.get_route_display()} {self.filed_on.isoformat()}"


class ApplicationLink(models.Model):
    """A repeated application (重复申请) linked to the earlier one it repeats, by a handler's decision."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="links")
    related = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="linked_from")
    note = models.CharField(_("说明"), max_length=200, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("重复申请关联")
        verbose_name_plural = _("重复申请关联")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["application", "related"], name="applications_link_unique"),
            models.CheckConstraint(
                condition=~models.Q(application=models.F("related")), name="applications_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.related}"
