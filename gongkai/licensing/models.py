"""行政许可与企业依法披露: licences with 双公示 (危险废物经营许可证, 辐射安全许可证), the results of the
一网通办 approval items (办件 and 许可决定), and enterprises' legal environmental disclosure
(企业环境信息依法披露: the yearly list of obliged enterprises and their reports).

Enterprises are identified by their 统一社会信用代码 (GB 32100-2015, core.identifiers) plus the name
as given; the enterprise registry, when installed, is reached through core.facility only.

A published decision never changes silently: `Decision.published_at` is set once, and a change after
it is a `DecisionCorrection` with its reason, shown on the public page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Item(models.TextChoices):
    """一网通办 approval items whose results this app publishes as 行政许可 双公示."""

    EIA = "eia", _("建设项目环境影响评价文件审批")
    DISCHARGE_PERMIT = "discharge_permit", _("排污许可证核发")
    RADIATION = "radiation", _("辐射安全许可证核发")
    HAZARDOUS_WASTE = "hazardous_waste", _("危险废物经营许可证核发")


LICENCE_ITEMS = (Item.RADIATION, Item.HAZARDOUS_WASTE)


class PartyCategory(models.TextChoices):
    """行政相对人类别 of the 双公示 field set (regulations.md §9.1)."""

    ORGANISATION = "organisation", _("法人及非法人组织")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")
    NATURAL_PERSON = "natural_person", _("自然人")


class WasteCategory(models.Model):
    """A category of the 国家危险废物名录 (e.g. its HW number and name), entered by staff from the
    edition in force: reference data, never hard-coded."""

    code = models.CharField(_("废物类别"), max_length=10, unique=True)
    name = models.CharField(_("类别名称"), max_length=100)
    edition = models.CharField(_("名录版本"), max_length=40, help_text=_("例如：2025年版"))
    is_active = models.BooleanField(_("现行有效"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("危险废物类别")
        verbose_name_plural = _("危险废物类别")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class WasteCode(models.Model):
    """A waste code (废物代码) of the 名录 under its category: reference data entered by staff."""

    category = models.ForeignKey(
        WasteCategory, on_delete=models.PROTECT, related_name="codes", verbose_name=_("废物类别")
    )
    code = models.CharField(_("废物代码"), max_length=20, unique=True)
    description = models.CharField(_("危险废物"), max_length=300)
    is_active = models.BooleanField(_("现行有效"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("危险废物代码")
        verbose_name_plural = _("危险废物代码")

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class Licence(models.Model):
    """A 危险废物经营许可证 or 辐射安全许可证 with its current content; its history is its decisions."""

    class Kind(models.TextChoices):
        HAZARDOUS_WASTE = Item.HAZARDOUS_WASTE.value, _("危险废物经营许可证")
        RADIATION = Item.RADIATION.value, _("辐射安全许可证")

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        EXPIRED = "expired", _("已过期")
        REVOKED = "revoked", _("已撤销")

    kind = models.CharField(_("许可证种类"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("许可证编号"), max_length=60, unique=True)
    holder_name = models.CharField(_("持证单位"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    address = models.CharField(_("经营设施地址"), max_length=200, blank=True)
    valid_from = models.DateField(_("有效期自"))
    valid_to = models.DateField(_("有效期至"))
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    # 危险废物经营许可证
    business_mode = models.CharField(_("经营方式"), max_length=100, blank=True)
    capacity_tpa = models.DecimalField(
        _("经营规模（吨/年）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    categories = models.ManyToManyField(WasteCategory, blank=True, verbose_name=_("危险废物类别"))
    codes = models.ManyToManyField(WasteCode, blank=True, verbose_name=_("危险废物代码"))
    # 辐射安全许可证
    scope = models.CharField(_("种类和范围"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "number"]
        verbose_name = _("许可证")
        verbose_name_plural = _("许可证")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def status_on(self, day) -> str:
        if self.revoked_on and self.revoked_on <= day:
            return self.Status.REVOKED
        if self.valid_to < day:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)


class Application(models.Model):
    """办件: an application under one 一网通办 item, found by its number in the public status lookup.
    The lookup shows the item, the dates and the state only, never the applicant."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        REVIEWING = "reviewing", _("审查中")
        APPROVED = "approved", _("准予许可")
        REFUSED = "refused", _("不予许可")
        WITHDRAWN = "withdrawn", _("申请人撤回")

    number = models.CharField(_("申请编号"), max_length=40, unique=True)
    item = models.CharField(_("事项"), max_length=20, choices=Item.choices)
    applicant_name = models.CharField(_("申请单位"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    received_on = models.DateField(_("受理日期"))
    status = models.CharField(_("办理状态"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("许可办件")
        verbose_name_plural = _("许可办件")

    def __str__(self) -> str:
        return self.number


class DecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class Decision(models.Model):
    """行政许可决定 with the 双公示 field set (regulations.md §9.1, the 信用中国 template), published
    within 7 working days of the decision (deadlines.PUBLICITY_WORKDAYS)."""

    class Action(models.TextChoices):
        ISSUE = "issue", _("核发（准予许可）")
        CHANGE = "change", _("变更")
        RENEW = "renew", _("延续")
        REVOKE = "revoke", _("撤销")

    class LicenceCategory(models.TextChoices):
        """许可类别 of the 双公示 template."""

        ORDINARY = "普通", _("普通")
        SPECIAL = "特许", _("特许")
        RECOGNITION = "认可", _("认可")
        APPROVAL = "核准", _("核准")
        REGISTRATION = "登记", _("登记")
        OTHER = "其他", _("其他")

    item = models.CharField(_("事项"), max_length=20, choices=Item.choices)
    action = models.CharField(_("决定类型"), max_length=10, choices=Action.choices, default=Action.ISSUE)
    licence = models.ForeignKey(
        Licence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("许可证"),
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
        verbose_name=_("办件"),
    )
    # 双公示 行政许可 fields
    party_name = models.CharField(_("行政相对人名称"), max_length=200)
    party_category = models.CharField(
        _("行政相对人类别"), max_length=20, choices=PartyCategory.choices, default=PartyCategory.ORGANISATION
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    document_title = models.CharField(_("行政许可决定文书名称"), max_length=200)
    document_number = models.CharField(_("行政许可决定文书号"), max_length=80, unique=True)
    licence_category = models.CharField(
        _("许可类别"), max_length=4, choices=LicenceCategory.choices, default=LicenceCategory.ORDINARY
    )
    certificate_name = models.CharField(_("许可证书名称"), max_length=100, blank=True)
    certificate_number = models.CharField(_("许可编号"), max_length=60, blank=True)
    content = models.TextField(_("许可内容"))
    decided_on = models.DateField(_("许可决定日期"), db_index=True)
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    authority = models.CharField(_("许可机关"), max_length=100)
    authority_code = models.CharField(_("许可机关统一社会信用代码"), max_length=18, blank=True)
    source_unit = models.CharField(_("数据来源单位"), max_length=100)
    source_unit_code = models.CharField(_("数据来源单位统一社会信用代码"), max_length=18, blank=True)
    remarks = models.CharField(_("备注"), max_length=500, blank=True)
    # publication (双公示) and its deadline, derived from decided_on and the calendar
    due_on = models.DateField(_("公示期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True, db_index=True)
    late = models.BooleanField(_("逾期公示"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        permissions = [("publish_decision", _("公示行政许可决定"))]
        verbose_name = _("行政许可决定")
        verbose_name_plural = _("行政许可决定")

    def __str__(self) -> str:
        return self.document_number

    @property
    def public_party_name(self) -> str:
        """A natural person's name is masked in public (only the surname shows)."""
        if self.party_category == PartyCategory.NATURAL_PERSON:
            return (self.party_name[:1] + "*" * max(1, len(self.party_name) - 1)) if self.party_name else ""
        return self.party_name

    @property
    def public_credit_code(self) -> str:
        return "" if self.party_category == PartyCategory.NATURAL_PERSON else self.credit_code

    @property
    def current_state(self) -> str:
        """当前状态 of the 双公示 template: 有效 until the licence is revoked or the validity ends."""
        today = timezone.localdate()
        if self.action == self.Action.REVOKE:
            return str(_("无效"))
        if self.licence_id and self.licence.status_on(today) != Licence.Status.VALID:
            return str(_("无效"))
        if self.valid_to and self.valid_to < today:
            return str(_("无效"))
        return str(_("有效"))


class DecisionCorrection(models.Model):
    """更正: a published decision changed, with when, why, by whom and the fields before and after."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="corrections")
    corrected_at = models.DateTimeField(_("更正时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.CharField(_("更正原因"), max_length=500)
    before = models.JSONField(_("更正前"))
    after = models.JSONField(_("更正后"))

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("许可决定更正")
        verbose_name_plural = _("许可决定更正")

    def __str__(self) -> str:
        return f"{self.decision} {self.corrected_at:%Y-%m-%d %H:%M}"


class Obligation(models.Model):
    """An enterprise on the year's list of 企业环境信息依法披露 (办法 Art. 7 and Art. 9): it discloses
    temporary reports during `year` and the annual report on `year` by 15 March of the next year."""

    class Basis(models.TextChoices):
        KEY_POLLUTER = "key_polluter", _("重点排污单位")
        CLEANER_PRODUCTION = "cleaner_production", _("实施强制性清洁生产审核的企业")
        LISTED = "listed", _("符合条件的上市公司")
        BOND_ISSUER = "bond_issuer", _("符合条件的发债企业")
        OTHER = "other", _("法律法规规定的其他企业事业单位")

    year = models.PositiveSmallIntegerField(_("名单年度"), db_index=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    name = models.CharField(_("企业名称"), max_length=200)
    district = models.CharField(_("所在区县"), max_length=50, blank=True, db_index=True)
    basis = models.CharField(_("纳入依据"), max_length=20, choices=Basis.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "credit_code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "credit_code"], name="licensing_one_obligation")
        ]
        verbose_name = _("依法披露企业")
        verbose_name_plural = _("依法披露企业名单")

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class DisclosureReport(models.Model):
    """年度报告 or 临时报告 an obliged enterprise disclosed (on the national disclosure system)."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("年度环境信息依法披露报告")
        TEMPORARY = "temporary", _("临时环境信息依法披露报告")

    class Event(models.TextChoices):
        """What a temporary report is about (办法 Art. 17, [L] in regulations.md §7)."""

        PERMIT = "permit", _("生态环境行政许可准予、变更、延续、撤销")
        PENALTY = "penalty", _("生态环境行政处罚")
        CRIMINAL = "criminal", _("行政拘留或刑事责任")
        DAMAGE = "damage", _("生态环境损害赔偿")
        OTHER = "other", _("其他")

    class Channel(models.TextChoices):
        STAFF = "staff", _("工作人员录入")
        UPLOAD = "upload", _("文件导入")
        API = "api", _("企业接口上报")

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("报告类型"), max_length=10, choices=Kind.choices)
    event = models.CharField(_("临时报告事项"), max_length=10, choices=Event.choices, blank=True)
    event_date = models.DateField(_("收到法律文书日期"), null=True, blank=True)
    disclosed_on = models.DateField(_("披露日期"))
    summary = models.CharField(_("内容摘要"), max_length=500, blank=True)
    link = models.URLField(_("披露系统链接"), blank=True)
    channel = models.CharField(_("来源"), max_length=10, choices=Channel.choices, default=Channel.STAFF)
    due_on = models.DateField(_("披露期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    late = models.BooleanField(_("逾期披露"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-disclosed_on", "-pk"]
        verbose_name = _("依法披露报告")
        verbose_name_plural = _("依法披露报告")

    def __str__(self) -> str:
        return f"{self.obligation.name} {self.get_kind_display()} {self.disclosed_on}"


class EnterpriseToken(models.Model):
    """An intake API token (importer licensing.disclosure_reports) bound to one enterprise: with it the
    enterprise submits its own reports and no one else's."""

    token = models.OneToOneField(
        "intake.ApiToken", on_delete=models.PROTECT, related_name="licensing_enterprise"
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)

    class Meta:
        verbose_name = _("企业披露令牌")
        verbose_name_plural = _("企业披露令牌")

    def __str__(self) -> str:
        return self.credit_code


class CreditPush(models.Model):
    """One push of a 双公示 batch of 行政许可 to 信用中国 (core.creditchina): what period, when, by whom,
    how many records and the backend's result (the outbox file or the error)."""

    first = models.DateField(_("公示日期自"))
    last = models.DateField(_("公示日期至"))
    count = models.PositiveIntegerField(_("条数"))
    ok = models.BooleanField(_("成功"))
    detail = models.CharField(_("结果"), max_length=500)
    pushed_at = models.DateTimeField(_("推送时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("-pushed_at", "-pk")
        verbose_name = _("信用中国推送记录")
        verbose_name_plural = _("信用中国推送记录")

    def __str__(self) -> str:
        return f"{self.first}–{self.last}·{self.count}"
