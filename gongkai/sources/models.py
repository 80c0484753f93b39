"""Automatic-monitoring data received over HJ 212-2017 (污染源自动监控数据).

- ``Device`` (监测设备): the registry of data loggers by MN; the receiver refuses an unknown MN or a
  wrong password (unless configured otherwise). Enterprise and outlet are placeholders until the
  pollution-source registry (issue 15) exists.
- ``RawPacket`` (接收报文): every packet as received, accepted or refused with its reason. An
  accepted packet is unique on ``key`` = MN | CN | QN (or DataTime when a 2005 device sends no QN) |
  PNO, so a device that resends an unacknowledged packet never stores it twice.
- ``Measurement`` (监测值): one row per packet time and pollutant, unique on (MN, CN, DataTime,
  code), the code normalised to HJ 212-2017 (Appendix B). ``valid`` is the HJ 212 data flag N.

The Django-free receiver (``hj212/sqlite_sink.py``) writes the same tables and columns, so a
stand-alone receiver's file can be read by the platform."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Device(models.Model):
    mn = models.CharField(_("设备唯一标识（MN）"), max_length=24, unique=True)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    system_code = models.CharField(_("系统编码（ST）"), max_length=2, blank=True)
    password_hash = models.CharField(_("访问密码（摘要）"), max_length=200, blank=True)
    enterprise_name = models.CharField(_("企业名称"), max_length=200, blank=True)
    outlet_code = models.CharField(_("排放口编号"), max_length=50, blank=True)
    code_map = models.JSONField(_("污染物编码对照"), default=dict, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        db_table = "hj212_device"
        ordering = ["mn"]
        verbose_name = _("监测设备")
        verbose_name_plural = _("监测设备")

    def __str__(self) -> str:
        return f"{self.name or self.mn}（{self.mn}）"


class RawPacket(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("已接收")
        REJECTED = "rejected", _("已拒收")

    key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    mn = models.CharField(_("MN"), max_length=24, blank=True)
    st = models.CharField(_("ST"), max_length=2, blank=True)
    cn = models.CharField(_("CN"), max_length=4, blank=True)
    qn = models.CharField(_("QN"), max_length=20, blank=True)
    pno = models.PositiveIntegerField(_("包号"), null=True, blank=True)
    pnum = models.PositiveIntegerField(_("总包数"), null=True, blank=True)
    data_time = models.DateTimeField(_("数据时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("接收时间"), db_index=True)
    peer = models.CharField(_("来源地址"), max_length=64, blank=True)
    raw = models.TextField(_("原始报文"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    reason_code = models.CharField(_("拒收代码"), max_length=20, blank=True)
    reason = models.CharField(_("拒收原因"), max_length=300, blank=True)
    version = models.CharField(_("标准版本"), max_length=20, blank=True)
    unknown_codes = models.CharField(_("未识别编码"), max_length=300, blank=True)

    class Meta:
        db_table = "hj212_packet"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["mn", "-received_at"], name="hj212_packet_mn_time")]
        verbose_name = _("接收报文")
        verbose_name_plural = _("接收报文")

    def __str__(self) -> str:
        return f"{self.mn} {self.cn} {self.qn}"


class Measurement(models.Model):
    mn = models.CharField(_("MN"), max_length=24)
    cn = models.CharField(_("CN"), max_length=4)
    data_time = models.DateTimeField(_("数据时间"))
    code = models.CharField(_("污染物编码"), max_length=20)
    sent_code = models.CharField(_("报文中的编码"), max_length=20)
    rtd = models.FloatField(null=True, blank=True)
    avg = models.FloatField(null=True, blank=True)
    min = models.FloatField(null=True, blank=True)
    max = models.FloatField(null=True, blank=True)
    cou = models.FloatField(null=True, blank=True)
    zs_rtd = models.FloatField(null=True, blank=True)
    zs_avg = models.FloatField(null=True, blank=True)
    flag = models.CharField(_("数据标记"), max_length=4, blank=True)
    valid = models.BooleanField(_("有效"))
    fields = models.JSONField(_("全部字段"), default=dict)
    packet_key = models.CharField(max_length=120)
    received_at = models.DateTimeField(_("接收时间"))

    class Meta:
        db_table = "hj212_measurement"
        ordering = ["mn", "data_time", "code"]
        constraints = [
            models.UniqueConstraint(fields=["mn", "cn", "data_time", "code"], name="hj212_measurement_unique")
        ]
        indexes = [models.Index(fields=["data_time"], name="hj212_measurement_time")]
        verbose_name = _("监测值")
        verbose_name_plural = _("监测值")

    def __str__(self) -> str:
        return f"{self.mn} {self.code} {self.data_time}"
