from __future__ import annotations

import json
import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SYSTEM = "系统"  # the actor of records written by the system


class AuditRecord(models.Model):
    """One state change (审计记录). Append-only: rows are only ever inserted, each carrying the
    hash of the one before it, so an edit, a deletion or a reordering breaks the chain."""

    seq = models.BigIntegerField(_("序号"), primary_key=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    # No foreign-key constraint and no cascade: deleting a user must never rewrite history.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人"), max_length=200, blank=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    target_id = models.CharField(_("对象编号"), max_length=100, blank=True, db_index=True)
    target_repr = models.CharField(_("对象"), max_length=300, blank=True)
    before = models.TextField(_("修改前"), blank=True)  # canonical JSON text, hashed as stored
    after = models.TextField(_("修改后"), blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)
    # True: `hash` is an HMAC under settings.AUDIT_KEY. Records written before the key existed
    # stay plain SHA-256; once one keyed record exists, every later one must be keyed.
    keyed = models.BooleanField(_("密钥保护"), default=False, db_default=False)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-seq"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_repr}"

    @property
    def actor_display(self) -> str:
        """`actor_name` (stored in Chinese: "王编辑（bianji）" or "系统") in the interface language."""
        return actor_display(self.actor_name)

    @property
    def target_display(self) -> str:
        """`target_repr` in the interface language where it names a person ("王编辑（bianji）")."""
        return _person(self.target_repr)

    @property
    def action_label(self) -> str:
        from gongkai.audit.labels import label_for

        return label_for(self.action, self.target_type)

    @property
    def target_label(self) -> str:
        from gongkai.audit.labels import target_label

        return target_label(self.target_type)

    @property
    def before_data(self):
        return json.loads(self.before) if self.before else None

    @property
    def after_data(self):
        return json.loads(self.after) if self.after else None


class ChainHead(models.Model):
    """The tip of the chain: one row, locked while a record is appended. It also lets
    `verify` notice records cut off the end."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # The first keyed record (the switch from plain hashes to HMAC), for `verify` to report.
    keyed_since = models.BigIntegerField(null=True, blank=True)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"


def actor_display(actor_name: str) -> str:
    """A stored `actor_name` in the interface language."""
    return gettext(SYSTEM) if actor_name == SYSTEM else _person(actor_name)


def _person(text: str) -> str:
    """A user's name as `User.__str__` stored it in Chinese, in the interface language."""
    named = re.fullmatch(r"([^（）]+)（([^（）]+)）", text)
    if named is None:
        return text
    return gettext("%(name)s（%(username)s）") % {"name": named[1], "username": named[2]}
