"""Data intake (数据接入): API tokens of data sources and background import jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A data-submission credential (数据接口令牌) of one data source, scoped to one importer
    (app and action, e.g. ``air.observations``). Only the SHA-256 digest is stored; the token is
    shown once on creation."""

    name = models.CharField(_("名称"), max_length=80)
    importer = models.CharField(_("用途"), max_length=60, db_index=True)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    owner = models.ForeignKey(  # who created it: a holder of the importer's permission, or an administrator
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("数据接口令牌")
        verbose_name_plural = _("数据接口令牌")

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())


class ImportJob(models.Model):
    """One upload processed by the worker (导入任务). ``rows_done`` / ``rows_total`` show progress;
    ``errors`` lists {line, field, message} with the line as Excel shows it (header = line 1)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    importer = models.CharField(_("导入类型"), max_length=60, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_ip = models.GenericIPAddressField(null=True, blank=True)
    filename = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(default=b"")
    extra_content = models.BinaryField(null=True, blank=True)  # e.g. the ZIP of attachments
    params = models.JSONField(default=dict, blank=True)  # the upload form's other fields (month, reason)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.TextField(_("失败原因"), blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    result = models.JSONField(default=dict)  # the importer's summary and counts
    created_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        verbose_name = _("数据导入任务")
        verbose_name_plural = _("数据导入任务")

    def __str__(self) -> str:
        return self.filename

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return 100 if not self.rows_total else min(100, round(100 * self.rows_done / self.rows_total))
