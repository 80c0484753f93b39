"""建设项目 (EIA projects and other licence matters), their notices by stage and the public's comments.

A `Project` is one approval matter: a construction project's EIA document, or a radiation-safety or
hazardous-waste licence (`Project.kind`), which reuse the same stages. A `Notice` is one stage's public
notice (受理公示, 拟审批公示, 审批决定公告, 竣工环境保护验收): a draft until published, then immutable, with
its publicity window and publication deadline derived from the working-day calendar (never typed). A
`Comment` is one opinion from the public, given during an open window: the name and contact are stored
encrypted and never shown outside the console; only the moderated text and the answer are published."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.fields import EncryptedTextField


def private_storage() -> FileSystemStorage:
    """Reports and decisions are served by views that check the notice is published (a draft's full
    report is not public), so they are kept outside MEDIA_ROOT."""
    return FileSystemStorage(location=settings.DATA_DIR / "private" / "eia", base_url=None)


class Kind(models.TextChoices):
    """The approval matter whose notices follow the stages (基层政务公开标准目录, 行政许可 rows)."""

    EIA = "eia", _("建设项目环境影响评价文件审批")
    RADIATION = "radiation", _("辐射安全许可")
    HAZARDOUS_WASTE = "hazardous_waste", _("危险废物经营许可")


class DocumentKind(models.TextChoices):
    REPORT = "report", _("环境影响报告书")
    TABLE = "table", _("环境影响报告表")
    NONE = "none", _("不适用")


class Stage(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理公示")
    PRE_APPROVAL = "pre_approval", _("拟审批公示")
    DECISION = "decision", _("审批决定公告")
    COMPLETION = "completion", _("竣工环境保护验收")


class ProjectQuerySet(models.QuerySet):
    def published(self):
        """Projects with at least one published notice: the only ones the public sees."""
        return self.filter(notices__status=Notice.Status.PUBLISHED).distinct()


class Project(models.Model):
    """建设项目 (or licence matter). The builder is identified by its 统一社会信用代码."""

    kind = models.CharField(_("事项类别"), max_length=20, choices=Kind.choices, default=Kind.EIA)
    name = models.CharField(_("项目名称"), max_length=200)
    builder = models.CharField(_("建设单位"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    location = models.CharField(_("建设地点"), max_length=200)
    district = models.CharField(_("所在区县"), max_length=50, blank=True)
    category = models.CharField(_("行业类别"), max_length=100, blank=True)
    document_kind = models.CharField(
        _("环评文件类型"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.REPORT
    )
    preparer = models.CharField(_("环评文件编制单位"), max_length=200, blank=True)
    summary = models.TextField(_("项目概况"), blank=True)
    approval_number = models.CharField(_("审批文号"), max_length=100, blank=True)
    received_on = models.DateField(_("受理日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("建设项目")
        verbose_name_plural = _("建设项目")
        ordering = ("-received_on", "-pk")
        permissions = [
            ("view_commenter", _("查看公众意见提交人信息")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("eia:project", args=[self.pk])


class NoticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Notice.Status.PUBLISHED)


class Notice(models.Model):
    """One stage's public notice of a project. Dates are derived (services.derive_dates)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="notices")
    stage = models.CharField(_("公示阶段"), max_length=20, choices=Stage.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    formed_on = models.DateField(
        _("信息形成日期"), help_text=_("受理、拟作出审批意见、审批决定或验收的日期。")
    )
    body = models.TextField(_("公示内容"))
    comment_channel = models.TextField(_("公众提出意见的方式和途径"), blank=True)
    hearing_text = models.TextField(_("听证权利告知"), blank=True)
    remedy_text = models.TextField(_("救济途径告知"), blank=True)
    document = models.FileField(
        _("附件（PDF）"), storage=private_storage, upload_to="notices/", blank=True, max_length=200
    )
    document_name = models.CharField(_("附件名称"), max_length=200, blank=True)
    # Derived from the calendar; recomputed when the calendar changes (tasks.recompute_dates).
    due_on = models.DateField(_("公开期限"), null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    window_first = models.DateField(_("公示开始日期"), null=True, blank=True)
    window_last = models.DateField(_("公示截止日期"), null=True, blank=True)
    window_workdays = models.PositiveSmallIntegerField(_("公示期（工作日）"), null=True, blank=True)
    window_provisional = models.BooleanField(default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    privacy_override = models.TextField(_("隐私审查放行理由"), blank=True)
    # 撤回: a published notice withdrawn stays listed publicly, marked with the reason and date.
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.TextField(_("撤回原因"), blank=True)
    # The 主动公开 document this notice was handed to (core.publishing), if any.
    document_id = models.PositiveIntegerField(_("主动公开文件"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("公示公告")
        verbose_name_plural = _("公示公告")
        ordering = ("project", "formed_on", "pk")
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="eia_one_notice_per_stage")]
        permissions = [
            ("publish_notice", _("发布环评公示")),
            ("withdraw_notice", _("撤回环评公示")),
            ("override_privacy", _("隐私审查放行")),
        ]

    def __str__(self) -> str:
        return f"{self.project.name}·{self.get_stage_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def withdrawn_on(self):
        return timezone.localdate(self.withdrawn_at) if self.withdrawn_at else None

    @property
    def has_window(self) -> bool:
        return self.window_first is not None and self.window_last is not None

    @property
    def published_on(self):
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def late(self) -> bool | None:
        """Published after its deadline; None while unpublished or when the deadline is provisional."""
        if self.due_on is None or self.due_provisional or self.published_at is None:
            return None
        return self.published_on > self.due_on


class NoticeCorrection(models.Model):
    """更正: a published notice changes only by a correction with its time and reason, shown
    publicly; the text and file name it replaced are kept (dates and window never move)."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="corrections")
    corrected_at = models.DateTimeField(_("更正时间"), default=timezone.now)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("更正原因"))
    fields = models.JSONField(_("更正的内容"), default=list)
    previous_body = models.TextField(blank=True)
    previous_document_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("公示更正")
        verbose_name_plural = _("公示更正")
        ordering = ("corrected_at", "pk")

    def __str__(self) -> str:
        return f"{self.notice}·{self.corrected_at:%Y-%m-%d}"


class CommentQuerySet(models.QuerySet):
    def public(self):
        """Approved comments of published notices: the only ones the public sees (content only)."""
        return self.filter(status=Comment.Status.APPROVED, notice__status=Notice.Status.PUBLISHED)


class Comment(models.Model):
    """公众意见. `name` and `contact` are personal data: encrypted at rest, shown only to holders of
    eia.view_commenter, never published; the public sees `published_content` and the answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已公开")
        REJECTED = "rejected", _("不予公开")

    number = models.CharField(_("意见编号"), max_length=30, unique=True)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="comments")
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="comments")
    name = EncryptedTextField(_("姓名或单位名称"), max_length=50)
    contact = EncryptedTextField(_("联系方式"), max_length=100)
    content = models.TextField(_("意见内容"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    status = models.CharField(_("审核状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    published_content = models.TextField(_("公开的意见内容"), blank=True)
    moderation_reason = models.TextField(_("不予公开的理由"), blank=True)
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("公众意见")
        verbose_name_plural = _("公众意见")
        ordering = ("-submitted_at", "-pk")
        permissions = [
            ("moderate_comment", _("审核公众意见")),
            ("answer_comment", _("答复公众意见")),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("eia:staff_comment", args=[self.pk])
