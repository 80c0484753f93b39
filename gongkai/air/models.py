"""Air-quality monitoring data (环境空气质量监测数据): stations, hourly observations and what is derived
from them. Derived rows (daily station and region values) are never edited by hand: `derived.recompute_days`
rebuilds them from the hourly data whenever that data changes.

A published daily report (日报) is frozen: `PublishedStationValue` / `PublishedRegionValue` hold the values
as published, and the public reads only those. A later change of the day's data makes a pending
`DailyReportCorrection` (更正, with the values before and after); staff publish it with a reason, and only
then do the published values change — never silently under the first 发布时间."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.air.indicators import DAILY_FIELDS as DAILY_FIELDS

POLLUTANTS = ("so2", "no2", "co", "o3", "pm10", "pm2_5")
POLLUTANT_LABELS = {
    "so2": "SO₂",
    "no2": "NO₂",
    "co": "CO",
    "o3": "O₃",
    "pm10": "PM₁₀",
    "pm2_5": "PM₂.₅",
    "o3_8h": "O₃-8h",
    "o3_1h_max": "O₃-1h",
}


class Region(models.Model):
    """The city (市) or one of its districts (区县); a region's values are the mean of its stations'."""

    class Kind(models.TextChoices):
        CITY = "city", _("市")
        DISTRICT = "district", _("区县")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("区域")
        verbose_name_plural = _("区域")

    def __str__(self) -> str:
        return self.name


class Station(models.Model):
    """监测站点: a national, provincial or city control station in one district."""

    class ControlLevel(models.TextChoices):
        NATIONAL = "national", _("国控")
        PROVINCIAL = "provincial", _("省控")
        CITY = "city", _("市控")

    code = models.CharField(_("站点编码"), max_length=20, unique=True)
    name = models.CharField(_("站点名称"), max_length=60)
    control_level = models.CharField(_("控制级别"), max_length=12, choices=ControlLevel.choices)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    district = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="stations", verbose_name=_("区县")
    )
    active_from = models.DateField(_("启用日期"))
    active_to = models.DateField(_("停用日期"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("监测站点")
        verbose_name_plural = _("监测站点")

    def __str__(self) -> str:
        return gettext("%(name)s（%(code)s）") % {"name": self.name, "code": self.code}

    def active_on(self, day) -> bool:
        return self.active_from <= day and (self.active_to is None or day <= self.active_to)


class Flag(models.TextChoices):
    """数据标记. Only VALID values enter averages and AQI; the others are shown as such."""

    VALID = "valid", _("有效")
    INVALID = "invalid", _("无效")
    CALIBRATION = "calibration", _("校准")
    MISSING = "missing", _("缺测")
    SUSPECT = "suspect", _("存疑")


class Channel(models.TextChoices):
    UPLOAD = "upload", _("文件导入")
    API = "api", _("接口上报")
    STAFF = "staff", _("人工审核修改")
    DEMO = "demo", _("演示数据")


def _flag_field():
    return models.CharField(max_length=12, choices=Flag.choices, default=Flag.VALID)


class HourlyObservation(models.Model):
    """One station-hour: ``hour`` is the start of the clock hour in local time (00:00 = 00:00–01:00);
    concentrations in µg/m³, CO in mg/m³; None where not reported."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="observations")
    hour = models.DateTimeField(_("时段开始"))
    so2 = models.FloatField(null=True, blank=True)
    no2 = models.FloatField(null=True, blank=True)
    co = models.FloatField(null=True, blank=True)
    o3 = models.FloatField(null=True, blank=True)
    pm10 = models.FloatField(null=True, blank=True)
    pm2_5 = models.FloatField(null=True, blank=True)
    so2_flag = _flag_field()
    no2_flag = _flag_field()
    co_flag = _flag_field()
    o3_flag = _flag_field()
    pm10_flag = _flag_field()
    pm2_5_flag = _flag_field()
    channel = models.CharField(_("来源渠道"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("接收时间"))

    class Meta:
        ordering = ["station", "hour"]
        constraints = [
            models.UniqueConstraint(fields=["station", "hour"], name="air_observation_station_hour")
        ]
        indexes = [models.Index(fields=["hour"], name="air_observation_hour")]
        verbose_name = _("小时监测数据")
        verbose_name_plural = _("小时监测数据")

    def __str__(self) -> str:
        return f"{self.station_id} {self.hour:%Y-%m-%d %H:%M}"


class DailyValueBase(models.Model):
    """A daily report value (日报): the daily concentrations (NaN-free: None = not valid) and the AQI
    computed under the standard in force on ``date`` (stored, so the page shows which one)."""

    date = models.DateField()
    standard = models.PositiveSmallIntegerField()
    so2 = models.FloatField(null=True)
    no2 = models.FloatField(null=True)
    co = models.FloatField(null=True)
    pm10 = models.FloatField(null=True)
    pm2_5 = models.FloatField(null=True)
    o3_8h = models.FloatField(null=True)
    o3_1h_max = models.FloatField(null=True)
    aqi = models.PositiveSmallIntegerField(null=True)
    level = models.PositiveSmallIntegerField(null=True)
    primary_pollutants = models.CharField(max_length=60, blank=True)
    iaqi = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        abstract = True


class DailyStationValue(DailyValueBase):
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="daily_values")
    valid_hours = models.JSONField(default=dict)  # pollutant -> number of valid hours behind the value

    class Meta:
        ordering = ["date", "station"]
        constraints = [models.UniqueConstraint(fields=["station", "date"], name="air_daily_station_date")]
        indexes = [models.Index(fields=["date"], name="air_daily_station_date_idx")]

    def __str__(self) -> str:
        return f"{self.station_id} {self.date}"


class DailyRegionValue(DailyValueBase):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="daily_values")
    station_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["date", "region"]
        constraints = [models.UniqueConstraint(fields=["region", "date"], name="air_daily_region_date")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.date}"


class DailyReport(models.Model):
    """The published daily report (日报) of one day, published once by the worker before 12:00 and
    frozen from then on: its values are the `Published*Value` rows; a change is a correction."""

    date = models.DateField(_("日期"), unique=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("更正时间"), null=True, blank=True)  # the latest correction

    class Meta:
        ordering = ["-date"]
        verbose_name = _("空气质量日报")
        verbose_name_plural = _("空气质量日报")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class PublishedStationValue(DailyValueBase):
    """A station's daily value as the report published it (or as its latest correction did)."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="station_values")
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="published_values")

    class Meta:
        ordering = ["date", "station"]
        constraints = [models.UniqueConstraint(fields=["station", "date"], name="air_published_station_date")]
        indexes = [models.Index(fields=["date"], name="air_published_station_day")]

    def __str__(self) -> str:
        return f"{self.station_id} {self.date}"


class PublishedRegionValue(DailyValueBase):
    """A city or district daily value as the report published it (or as its latest correction did)."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="region_values")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="published_values")
    station_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["date", "region"]
        constraints = [models.UniqueConstraint(fields=["region", "date"], name="air_published_region_date")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.date}"


class DailyReportCorrection(models.Model):
    """更正 of a published daily report. A data change after publishing makes (or updates) the day's
    one pending correction with the values before and after; it reaches the public only when staff
    publish it with a reason, and is shown on the report with its time and reason from then on."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发布")
        PUBLISHED = "published", _("已发布")

    report = models.ForeignKey(
        DailyReport, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("日报")
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    number = models.PositiveSmallIntegerField(_("更正序号"), null=True, blank=True)  # 第n次更正
    # [{"kind": "region"|"station", "code", "name", "field", "before", "after"}], texts as shown
    changes = models.JSONField(_("更正内容"), default=list)
    # the data changes behind it: [{"at", "user", "what", "reason"}]
    triggers = models.JSONField(_("数据变更"), default=list)
    detected_at = models.DateTimeField(_("发现时间"))
    updated_at = models.DateTimeField(_("最近变更"))
    published_at = models.DateTimeField(_("更正时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    reason = models.TextField(_("更正原因"), blank=True)

    class Meta:
        ordering = ["report", "published_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(status="pending"),
                name="air_one_pending_correction",
            )
        ]
        permissions = [("publish_dailyreportcorrection", _("发布空气质量日报更正"))]
        verbose_name = _("日报更正")
        verbose_name_plural = _("日报更正")

    def __str__(self) -> str:
        return f"{self.report} {self.get_status_display()}"
