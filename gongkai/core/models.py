from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.fields import EncryptedTextField
from gongkai.core.identifiers import is_valid_credit_code
from gongkai.core.reconsideration import default_reconsideration_body


class User(AbstractUser):
    """A staff account (工作人员账号). The public never logs in: applicants use tracking codes."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    department = models.CharField(_("处室"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        permissions = [
            ("access_staff_console", _("可进入工作台")),
            ("assign_roles", _("可分配岗位角色")),  # 安全管理员 (三员分立, core.roles)
        ]

    def __str__(self) -> str:
        """ "王编辑（bianji）" in Chinese, "Wang Bianji (bianji)" in English; the audit trail stores the
        Chinese form whatever the interface language (`audit.services.record`)."""
        if not self.full_name:
            return self.username
        return gettext("%(name)s（%(username)s）") % {"name": self.full_name, "username": self.username}

    @property
    def role_codes(self) -> list[str]:
        return sorted(group.name for group in self.groups.all())


def validate_credit_code(value: str) -> None:
    if value and not is_valid_credit_code(value):
        raise ValidationError(_("统一社会信用代码无效：应为18位，且校验码须符合GB 32100-2015。"))


def validate_region_code(value: str) -> None:
    # GB/T 2260 administrative division codes are six digits.
    if value and not (len(value) == 6 and value.isdigit()):
        raise ValidationError(_("行政区划代码应为6位数字。"))


class Organisation(models.Model):
    """The bureau running this site (机构信息). A single row, edited by an administrator."""

    name = models.CharField(_("机构名称"), max_length=100, default="示例市生态环境局")
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    region_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, validators=[validate_region_code]
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=100, blank=True)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    disclosure_office = models.CharField(_("政府信息公开工作机构"), max_length=100, blank=True)
    disclosure_phone = models.CharField(_("政府信息公开咨询电话"), max_length=100, blank=True)
    disclosure_address = models.CharField(_("政府信息公开受理地址"), max_length=200, blank=True)
    disclosure_email = models.EmailField(_("政府信息公开电子邮箱"), blank=True)
    reconsideration_body = models.CharField(
        _("行政复议机关"),
        max_length=100,
        blank=True,
        help_text=_(
            "答复书救济条款中的行政复议机关，一般为本级人民政府（行政复议法第二十四条）。"
            "不填时按机构名称推定，例如广州市生态环境局→广州市人民政府。"
        ),
    )
    website_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    # Site identity of the national guidelines for government websites (政府网站发展指引, 国办发〔2017〕47号):
    # the 党政机关网站标识 links to the registration the bureau received; shown only when filled in.
    conac_url = models.URLField(
        _("党政机关标识链接"), blank=True, help_text=_("党政机关网站标识的核验链接（开办单位注册后获得）。")
    )
    error_report_url = models.URLField(
        _("“我为政府网站找错”链接"),
        blank=True,
        help_text=_("全国政府网站“我为政府网站找错”平台上本网站的链接。"),
    )
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    police_record_number = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("机构信息")
        verbose_name_plural = _("机构信息")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Organisation:
        organisation = cls.objects.order_by("pk").first()
        if organisation is None:
            organisation = cls.objects.create()
        return organisation

    @property
    def reconsideration_authority(self) -> str:
        """The setting, else the default read from the name (core.reconsideration); "" when neither."""
        return self.reconsideration_body.strip() or default_reconsideration_body(self.name) or ""

    @property
    def police_record_code(self) -> str:
        """The digits of 公网安备…号, used in the link to the public-security record."""
        return "".join(char for char in self.police_record_number if char.isdigit())


class Page(models.Model):
    """An editable page of the 政府信息公开 column (指南, 制度 …). Body is sanitised HTML."""

    class Slug(models.TextChoices):
        GUIDE = "guide", _("政府信息公开指南")
        RULES = "rules", _("政府信息公开制度")

    slug = models.CharField(_("标识"), max_length=20, choices=Slug.choices, unique=True)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        User, verbose_name=_("更新人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("栏目页面")
        verbose_name_plural = _("栏目页面")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:page", args=[self.slug])


class Sequence(models.Model):
    """The last number handed out by one yearly sequence (登记号, 答复书文号, 索引号, 决定书文号 …).
    `core.sequences.next_value` locks the row while it takes the next number, so numbers are unique
    and gap-free across processes. `year` 0 marks a sequence that never resets (its name carries
    the scope)."""

    name = models.CharField(_("名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("最后编号"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="core_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.last}"


class RateCounter(models.Model):
    """One rate-limit counter (限流计数) when no Redis is configured: `core.ratelimit` increments it
    with a single UPDATE … SET count = count + 1, so every process and thread sees each hit once."""

    key = models.CharField(_("键"), max_length=120, unique=True)
    count = models.PositiveIntegerField(_("次数"), default=0)
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)

    class Meta:
        verbose_name = _("限流计数")
        verbose_name_plural = _("限流计数")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class PasswordHistory(models.Model):
    """The hashes of an account's earlier passwords (密码历史), so that none of the last
    GONGKAI_PASSWORD_HISTORY (5) can be chosen again; written by the password validator's
    `password_changed` hook, i.e. on every change whatever the path."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("密码散列"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("密码历史")
        verbose_name_plural = _("密码历史")
        default_permissions = ()
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """One e-mail or SMS sent through `core.notify` (通知发送记录): what, to whom (encrypted), why,
    through which backend, and whether it went out. Written before sending; the outcome after."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("电子邮件")
        SMS = "sms", _("短信")

    class Status(models.TextChoices):
        QUEUED = "queued", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    recipient = EncryptedTextField(_("收件人"), max_length=254)
    recipient_masked = models.CharField(_("收件人（脱敏）"), max_length=254)
    subject = models.CharField(_("主题"), max_length=200, blank=True)
    body = EncryptedTextField(_("内容"))
    purpose = models.CharField(_("用途"), max_length=80, db_index=True)
    target = models.CharField(_("相关对象"), max_length=120, blank=True, db_index=True)
    backend = models.CharField(_("发送方式"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知发送记录")
        verbose_name_plural = _("通知发送记录")
        default_permissions = ("view",)
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} {self.recipient_masked} {self.purpose} {self.status}"
