"""Enforcement disclosure: 行政处罚 / 行政强制 decisions (双公示), 双随机 pools, plans and verifiable draws,
挂牌督办 / 曝光 lists and the 督察整改 tracker.

Enterprises are identified by their 统一社会信用代码 and name; the registry app (if installed) resolves
them through `core.facility`. A published decision never changes silently: every change or withdrawal
is a `DecisionChange` with its date and reason, shown on the public page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from gongkai.core.fields import EncryptedTextField
from gongkai.core.models import validate_credit_code
from gongkai.enforcement import rules


class PartyType(models.TextChoices):
    ORGANISATION = "organisation", _("法人及非法人组织")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")
    PERSON = "person", _("自然人")


class Category(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")


# 行政处罚法 (2021) Art. 9 (regulations.md §9.1, 处罚类别).
PENALTY_KINDS = [
    gettext_noop("警告"),
    gettext_noop("通报批评"),
    gettext_noop("罚款"),
    gettext_noop("没收违法所得"),
    gettext_noop("没收非法财物"),
    gettext_noop("暂扣许可证件"),
    gettext_noop("降低资质等级"),
    gettext_noop("吊销许可证件"),
    gettext_noop("限制开展生产经营活动"),
    gettext_noop("责令停产停业"),
    gettext_noop("责令关闭"),
    gettext_noop("限制从业"),
    gettext_noop("行政拘留"),
    gettext_noop("其他"),
]
# 环境保护法 Art. 25: 查封、扣押 (行政强制措施).
COERCION_KINDS = [gettext_noop("查封"), gettext_noop("扣押")]
# The stored value is the Chinese name (as in the 双公示 data standard); the label is translated.
KIND_CHOICES = [(kind, _(kind)) for kind in PENALTY_KINDS + COERCION_KINDS]


# Decisions that are not published (regulations.md §9: the party is a minor; 国家秘密, 商业秘密, 个人隐私;
# 三安全一稳定 — 国家安全、公共安全、经济安全和社会稳定).
class NotPublic(models.TextChoices):
    MINOR = "minor", _("当事人为未成年人")
    STATE_SECRET = "state_secret", _("涉及国家秘密")
    TRADE_SECRET = "trade_secret", _("涉及商业秘密")
    PRIVACY = "privacy", _("涉及个人隐私")
    SECURITY = "security", _("危及国家安全、公共安全、经济安全或社会稳定")


class DecisionQuerySet(models.QuerySet):
    def penalties(self):
        return self.filter(category=Category.PENALTY)

    def coercions(self):
        return self.filter(category=Category.COERCION)

    def published(self):
        return self.filter(published_at__isnull=False)

    def unpublished(self):
        """Waiting for publication (decisions exempt from publication are not waiting)."""
        return self.filter(published_at__isnull=True, withdrawn_on__isnull=True, not_public="")

    def publicly_listed(self, today):
        """On the public list: published, inside the publicity period; withdrawn ones stay listed (with
        their reason) until the period ends."""
        return self.published().filter(publicity_until__gte=today)


class Decision(models.Model):
    """A 行政处罚 or 行政强制 (查封/扣押) decision with the 双公示 field set (regulations.md §9.1)."""

    category = models.CharField(_("类别"), max_length=12, choices=Category.choices, default=Category.PENALTY)
    number = models.CharField(_("决定书文号"), max_length=60, unique=True)
    party_type = models.CharField(_("行政相对人类别"), max_length=20, choices=PartyType.choices)
    party_name = models.CharField(_("行政相对人名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code], db_index=True
    )
    legal_representative = models.CharField(_("法定代表人（负责人）"), max_length=50, blank=True)
    # A natural person's identity document: encrypted at rest, never published (regulations.md §9).
    id_type = models.CharField(_("证件类型"), max_length=30, blank=True)
    id_number = EncryptedTextField(_("证件号码"), max_length=40, blank=True)
    violation_type = models.CharField(_("违法行为类型"), max_length=200)
    facts = models.TextField(_("违法事实"))
    legal_basis = models.TextField(_("处罚依据"))
    kind = models.CharField(_("处罚类别"), max_length=20, choices=KIND_CHOICES)
    content = models.TextField(_("处罚内容"))
    amount = models.DecimalField(
        _("罚款金额（万元）"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    confiscated_amount = models.DecimalField(
        _("没收违法所得、没收非法财物的金额（万元）"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    licence = models.CharField(_("暂扣或吊销证照名称及编号"), max_length=200, blank=True)
    # 按日连续处罚 (环境保护法 Art. 59)
    daily_amount = models.DecimalField(
        _("按日连续处罚：原处罚数额（万元/日）"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    order_served_on = models.DateField(_("责令改正决定书送达日期"), null=True, blank=True)
    rechecked_on = models.DateField(_("复查发现违法行为继续之日"), null=True, blank=True)
    continuous_days = models.PositiveIntegerField(_("按日连续处罚计罚日数"), null=True, blank=True)
    # 查封/扣押
    seized_items = models.TextField(_("查封、扣押的场所、设施或者财物"), blank=True)
    measure_from = models.DateField(_("查封、扣押期限自"), null=True, blank=True)
    measure_to = models.DateField(_("查封、扣押期限至"), null=True, blank=True)
    released_on = models.DateField(_("解除查封、扣押日期"), null=True, blank=True)
    decided_on = models.DateField(_("决定日期"))
    authority = models.CharField(_("决定机关"), max_length=100)
    authority_code = models.CharField(
        _("决定机关统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    remarks = models.TextField(_("备注"), blank=True)
    not_public = models.CharField(_("不予公开的理由"), max_length=20, choices=NotPublic.choices, blank=True)
    publish_due = models.DateField(_("公示期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    published_late = models.BooleanField(_("逾期公示"), null=True)
    publicity_until = models.DateField(_("公示截止期"), null=True, blank=True)
    # 行政处罚法 Art. 48: the day the decision was changed, revoked or found unlawful or void (复议, 诉讼
    # or the bureau itself); the published decision is then withdrawn within 3 日.
    revoked_on = models.DateField(_("被变更、撤销或确认违法、无效之日"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawn_late = models.BooleanField(_("逾期撤回"), null=True)
    withdrawal_reason = models.TextField(_("撤回原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        permissions = [
            ("publish_decision", _("公示行政处罚、行政强制决定")),
            ("withdraw_decision", _("撤回已公示的决定")),
        ]
        verbose_name = _("处罚与强制决定")
        verbose_name_plural = _("处罚与强制决定")

    def __str__(self) -> str:
        return self.number

    @property
    def is_person(self) -> bool:
        return self.party_type == PartyType.PERSON

    @property
    def public_name(self) -> str:
        """The name as published: a natural person's masked (regulations.md §9)."""
        return rules.mask_name(self.party_name) if self.is_person else self.party_name

    @property
    def public_representative(self) -> str:
        if self.party_type == PartyType.INDIVIDUAL_BUSINESS:
            return rules.mask_name(self.legal_representative)  # the 经营者 is a natural person
        return "" if self.is_person else self.legal_representative

    @property
    def masked_id_number(self) -> str:
        """The identity number as the console shows it (first 4 and last 4 characters); the full number
        only in the edit form of those who may change the decision."""
        value = self.id_number or ""
        return value[:4] + "*" * max(0, len(value) - 8) + value[-4:] if len(value) > 8 else "*" * len(value)

    @property
    def withdraw_due(self):
        return rules.withdraw_due(self.revoked_on) if self.revoked_on else None

    @property
    def status_label(self) -> str:
        if self.withdrawn_on:
            return str(_("已撤回"))
        if self.published_at:
            return str(_("已公示"))
        if self.not_public:
            return str(_("不予公开"))
        return str(_("待公示"))


class DecisionChange(models.Model):
    """变更 or 撤回 of a published decision: its date and reason are public (行政处罚法 Art. 48)."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("变更")
        WITHDRAW = "withdraw", _("撤回")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    changed_on = models.DateField(_("日期"))
    reason = models.TextField(_("原因"))
    before = models.JSONField(_("变更前"), default=dict)
    after = models.JSONField(_("变更后"), default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]
        verbose_name = _("决定变更记录")
        verbose_name_plural = _("决定变更记录")

    def __str__(self) -> str:
        return f"{self.decision} {self.get_kind_display()} {self.changed_on}"


# --- 双随机、一公开 ------------------------------------------------------------------------------


class PoolCategory(models.TextChoices):
    KEY = "key", _("重点监管对象")
    GENERAL = "general", _("一般监管对象")
    SPECIAL = "special", _("特殊监管对象")


class InspectionObject(models.Model):
    """A unit in the inspection object pool (检查对象名录); `code` is its id in the draw."""

    code = models.CharField(_("名录编号"), max_length=40, unique=True)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code], db_index=True
    )
    name = models.CharField(_("单位名称"), max_length=200)
    category = models.CharField(_("监管类别"), max_length=10, choices=PoolCategory.choices)
    industry = models.CharField(_("行业"), max_length=60, blank=True)
    district = models.CharField(_("区县"), max_length=60, blank=True)
    is_active = models.BooleanField(_("在册"), default=True)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象")

    def __str__(self) -> str:
        return gettext("%(name)s（%(code)s）") % {"name": self.name, "code": self.code}


class Inspector(models.Model):
    """An enforcement officer in the inspector pool (执法检查人员名录)."""

    code = models.CharField(_("人员编号"), max_length=40, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    certificate = models.CharField(_("执法证号"), max_length=40, blank=True)
    department = models.CharField(_("所在单位"), max_length=100, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)
    conflicts = models.ManyToManyField(
        InspectionObject, blank=True, related_name="conflicted_inspectors", verbose_name=_("须回避的对象")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员")

    def __str__(self) -> str:
        return gettext("%(name)s（%(code)s）") % {"name": self.name, "code": self.code}


class DrawPlan(models.Model):
    """A 抽查计划 for one period: per pool a ratio or a count, a published commitment, then the draw."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划中")
        COMMITTED = "committed", _("已公布承诺值")
        DRAWN = "drawn", _("已抽取")
        COMPLETED = "completed", _("结果已公开")

    number = models.CharField(_("计划编号"), max_length=40, unique=True)
    title = models.CharField(_("计划名称"), max_length=200)
    period_start = models.DateField(_("检查期间自"))
    period_end = models.DateField(_("检查期间至"))
    inspectors_per_unit = models.PositiveSmallIntegerField(_("每个对象的执法人员数"), default=2)
    max_units_per_inspector = models.PositiveSmallIntegerField(
        _("每名执法人员的检查对象上限"), null=True, blank=True
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    seed_hex = EncryptedTextField(_("随机种子"), blank=True)  # secret until drawn
    seed_commitment = models.CharField(_("随机种子承诺值（SHA-256）"), max_length=64, blank=True)
    inspector_snapshot = models.JSONField(_("执法人员名录快照"), default=list)
    inspector_digest = models.CharField(_("执法人员名录摘要（SHA-256）"), max_length=64, blank=True)
    conflict_snapshot = models.JSONField(_("回避关系快照"), default=list)
    committed_at = models.DateTimeField(_("承诺公布时间"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    assignments = models.JSONField(_("执法人员分配"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "-pk"]
        permissions = [("draw_drawplan", _("公布承诺值并执行随机抽取"))]
        verbose_name = _("双随机抽查计划")
        verbose_name_plural = _("双随机抽查计划")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def seed_public(self) -> str:
        return self.seed_hex if self.drawn_at else ""


class PlanPool(models.Model):
    """One pool of a plan: the category, a ratio or a count, and (from the commitment on) the snapshot
    of its member ids and their digest, then the drawn ids in rank order."""

    plan = models.ForeignKey(DrawPlan, on_delete=models.CASCADE, related_name="pools")
    category = models.CharField(_("监管类别"), max_length=10, choices=PoolCategory.choices)
    ratio = models.DecimalField(_("抽查比例"), max_digits=6, decimal_places=4, null=True, blank=True)
    count = models.PositiveIntegerField(_("抽取数量"), null=True, blank=True)
    snapshot = models.JSONField(_("名录快照"), default=list)  # [[code, name, credit_code], …]
    digest = models.CharField(_("名录摘要（SHA-256）"), max_length=64, blank=True)
    drawn_count = models.PositiveIntegerField(_("实抽数量"), null=True, blank=True)
    drawn = models.JSONField(_("抽中对象"), default=list)  # [{rank, id, score}]

    class Meta:
        ordering = ["plan", "category"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "category"], name="enforcement_one_pool_per_category")
        ]
        verbose_name = _("抽查名录")
        verbose_name_plural = _("抽查名录")

    def __str__(self) -> str:
        return f"{self.plan} {self.get_category_display()}"

    @property
    def ratio_percent(self) -> str:
        """The ratio as shown: 0.1250 → "12.5"."""
        if self.ratio is None:
            return ""
        return format((self.ratio * 100).normalize(), "f")


class InspectionResult(models.Model):
    """The inspection of one drawn unit and its public result."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待检查")
        NO_PROBLEM = "no_problem", _("未发现问题")
        ORDERED = "ordered", _("发现问题，已责令整改")
        CASE = "case", _("发现问题，已立案查处")
        CLOSED = "closed", _("停产或关闭，未检查")

    plan = models.ForeignKey(DrawPlan, on_delete=models.CASCADE, related_name="results")
    object_code = models.CharField(_("名录编号"), max_length=40)
    name = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    category = models.CharField(_("监管类别"), max_length=10, choices=PoolCategory.choices)
    rank = models.PositiveIntegerField(_("排名"))
    inspectors = models.CharField(_("执法人员"), max_length=200, blank=True)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    outcome = models.CharField(_("检查结果"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    findings = models.TextField(_("检查情况"), blank=True)
    result_due = models.DateField(_("结果公开期限"), null=True, blank=True)
    published_at = models.DateTimeField(_("结果公开时间"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "category", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "object_code"], name="enforcement_one_result_per_unit")
        ]
        verbose_name = _("抽查结果")
        verbose_name_plural = _("抽查结果")

    def __str__(self) -> str:
        return f"{self.plan} {self.name}"

    @property
    def unit_name(self) -> str:
        """The inspected unit (a legal entity drawn from the object pool), never a person's name."""
        return self.name


# --- 挂牌督办 and 曝光 -----------------------------------------------------------------------------


class ListedCase(models.Model):
    class Kind(models.TextChoices):
        SUPERVISED = "supervised", _("挂牌督办")
        EXPOSED = "exposed", _("专项督查曝光")

    class Status(models.TextChoices):
        OPEN = "open", _("督办中")
        CLOSED = "closed", _("已整改销号")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("编号"), max_length=40, unique=True)
    campaign = models.CharField(_("专项行动或督办批次"), max_length=200)
    party_name = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code], db_index=True
    )
    problem = models.TextField(_("问题"))
    requirement = models.TextField(_("整改要求"), blank=True)
    listed_on = models.DateField(_("挂牌（曝光）日期"))
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    outcome = models.TextField(_("整改情况"), blank=True)
    published = models.BooleanField(_("已公开"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-listed_on", "-pk"]
        verbose_name = _("挂牌督办与曝光")
        verbose_name_plural = _("挂牌督办与曝光")

    def __str__(self) -> str:
        return f"{self.number} {self.party_name}"


# --- 督察整改 -------------------------------------------------------------------------------------


class RectificationPlan(models.Model):
    """The rectification of one inspection's feedback (中央/省级生态环境保护督察反馈意见)."""

    class Level(models.TextChoices):
        CENTRAL = "central", _("中央生态环境保护督察")
        PROVINCIAL = "provincial", _("省级生态环境保护督察")

    title = models.CharField(_("名称"), max_length=200)
    level = models.CharField(_("督察级别"), max_length=12, choices=Level.choices)
    feedback_on = models.DateField(_("反馈日期"))
    summary = models.TextField(_("说明"), blank=True)
    plan_document_id = models.PositiveIntegerField(_("整改方案公开文件"), null=True, blank=True)
    report_document_id = models.PositiveIntegerField(_("整改报告公开文件"), null=True, blank=True)
    published = models.BooleanField(_("已公开"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-feedback_on", "-pk"]
        verbose_name = _("督察整改方案")
        verbose_name_plural = _("督察整改方案")

    def __str__(self) -> str:
        return self.title


class ProblemState(models.TextChoices):
    DONE = rules.DONE, _("已完成")
    ON_SCHEDULE = rules.ON_SCHEDULE, _("序时推进")
    NOT_DONE = rules.NOT_DONE, _("未完成")
    OVERDUE = rules.OVERDUE, _("逾期")


RECORDABLE_STATES = [(c.value, c.label) for c in ProblemState if c != ProblemState.OVERDUE]


class RectificationProblem(models.Model):
    plan = models.ForeignKey(RectificationPlan, on_delete=models.CASCADE, related_name="problems")
    number = models.PositiveIntegerField(_("序号"))
    description = models.TextField(_("问题"))
    responsible_unit = models.CharField(_("责任单位"), max_length=200)
    measures = models.TextField(_("整改措施"))
    deadline = models.DateField(_("整改时限"), null=True, blank=True)
    state = models.CharField(
        _("整改状态"), max_length=12, choices=RECORDABLE_STATES, default=rules.ON_SCHEDULE
    )
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    credit_code = models.CharField(
        _("涉及企业统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="enforcement_problem_number")]
        verbose_name = _("整改问题")
        verbose_name_plural = _("整改问题")

    def __str__(self) -> str:
        return f"{self.plan} {self.number}"

    def effective_state(self, today) -> str:
        return rules.problem_state(self.state, self.deadline, today, self.completed_on)


class ProblemProgress(models.Model):
    """One entry of a problem's progress history, with its evidence document (佐证材料) if any."""

    problem = models.ForeignKey(RectificationProblem, on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("日期"))
    state = models.CharField(_("整改状态"), max_length=12, choices=RECORDABLE_STATES)
    note = models.TextField(_("进展情况"))
    evidence_name = models.CharField(_("佐证材料"), max_length=200, blank=True)
    evidence_title = models.CharField(_("佐证材料标题"), max_length=200, blank=True)
    evidence = models.BinaryField(_("佐证材料内容"), null=True, blank=True)
    evidence_public = models.BooleanField(_("佐证材料公开"), default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_on", "pk"]
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")

    def __str__(self) -> str:
        return f"{self.problem} {self.reported_on}"

    @property
    def evidence_label(self) -> str:
        return self.evidence_title or self.evidence_name


class CreditPush(models.Model):
    """One push of a 双公示 batch of 行政处罚 to 信用中国 (core.creditchina): what period, when, by whom,
    how many records and the backend's result (the outbox file or the error)."""

    first = models.DateField(_("公示日期自"))
    last = models.DateField(_("公示日期至"))
    count = models.PositiveIntegerField(_("条数"))
    ok = models.BooleanField(_("成功"))
    detail = models.CharField(_("结果"), max_length=500)
    pushed_at = models.DateTimeField(_("推送时间"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("-pushed_at", "-pk")
        verbose_name = _("信用中国推送记录")
        verbose_name_plural = _("信用中国推送记录")

    def __str__(self) -> str:
        return f"{self.first}–{self.last}·{self.count}"
