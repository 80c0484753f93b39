"""Surface-water monitoring sections (断面) and their monthly results.

A published result never changes silently: a change after publishing is a `ResultCorrection` with its
time, reason and the values before and after (services.import_monthly), shown on the public page."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.water import gb3838

CLASS_CHOICES = [(c.value, c.label) for c in gb3838.WaterClass if c is not gb3838.WaterClass.WORSE_THAN_V]


class Section(models.Model):
    """断面: where samples are taken, with its water body and target class."""

    class ControlLevel(models.TextChoices):
        NATIONAL = "national", _("国控")
        PROVINCIAL = "provincial", _("省控")
        CITY = "city", _("市控")

    class WaterBody(models.TextChoices):
        RIVER = gb3838.WaterBody.RIVER.value, _("河流")
        LAKE = gb3838.WaterBody.LAKE.value, _("湖库")

    code = models.CharField(_("断面编码"), max_length=20, unique=True)
    name = models.CharField(_("断面名称"), max_length=60)
    water_name = models.CharField(_("所在河流或湖库"), max_length=60)
    basin = models.CharField(_("所属流域"), max_length=60, blank=True)
    water_body = models.CharField(_("水体类型"), max_length=10, choices=WaterBody.choices)
    control_level = models.CharField(_("控制级别"), max_length=12, choices=ControlLevel.choices)
    target_class = models.PositiveSmallIntegerField(_("目标水质类别"), choices=CLASS_CHOICES)
    drinking_water_source = models.BooleanField(_("集中式饮用水水源地"), default=False)
    is_active = models.BooleanField(_("在用"), default=True)
    # The centralised drinking-water source this section represents (a source may have several).
    source = models.ForeignKey(
        "DrinkingWaterSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sections",
        verbose_name=_("代表的饮用水水源地"),
    )
    # WGS 84 degrees, for the bulletin's section map (drawn on longitude/latitude axes, no map tiles).
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    # The data logger (数据采集仪) of the section's automatic station (水质自动站), whose hourly data
    # (HJ 212-2017, ST=21, CN=2061) the HJ 212 receiver stores; read through core.monitoring by this MN.
    station_mn = models.CharField(_("水质自动站数据采集仪MN"), max_length=24, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["station_mn"],
                condition=~models.Q(station_mn=""),
                name="water_section_station_mn",
                violation_error_message=_("该MN已用于其他断面。"),
            )
        ]
        verbose_name = _("监测断面")
        verbose_name_plural = _("监测断面")

    def __str__(self) -> str:
        return gettext("%(name)s（%(code)s）") % {"name": self.name, "code": self.code}

    @property
    def body(self) -> gb3838.WaterBody:
        return gb3838.WaterBody(self.water_body)

    def target_label(self) -> str:
        return gb3838.WaterClass(self.target_class).label


class MonthlyResultQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class MonthlyResult(models.Model):
    """A section's result for one month: the values as reported and the evaluation derived from them."""

    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="results", verbose_name=_("断面")
    )
    month = models.DateField(_("月份"), help_text=_("当月第一天"))
    values = models.JSONField(_("监测值"), default=dict)  # item code → the cell as reported ("0.12", "<0.01")
    water_class = models.PositiveSmallIntegerField(_("水质类别"), default=0)  # 0 = no evaluated item
    main_pollutants = models.CharField(_("主要污染指标"), max_length=200, blank=True)
    meets_target = models.BooleanField(_("达到目标"), null=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = MonthlyResultQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "section__code"]
        constraints = [
            models.UniqueConstraint(fields=["section", "month"], name="water_one_result_per_month")
        ]
        permissions = [("publish_monthlyresult", _("发布地表水月度结果"))]
        verbose_name = _("月度监测结果")
        verbose_name_plural = _("月度监测结果")

    def __str__(self) -> str:
        return f"{self.section.name} {self.month:%Y-%m}"

    @property
    def water_class_enum(self) -> gb3838.WaterClass | None:
        return gb3838.WaterClass(self.water_class) if self.water_class else None


class ResultCorrection(models.Model):
    """更正: a published result changed, with when, why, by whom and the values before and after."""

    result = models.ForeignKey(
        MonthlyResult, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("月度结果")
    )
    corrected_at = models.DateTimeField(_("更正时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, verbose_name=_("更正人")
    )
    reason = models.TextField(_("更正原因"))
    before = models.JSONField(_("更正前"))
    after = models.JSONField(_("更正后"))

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("更正记录")
        verbose_name_plural = _("更正记录")

    def __str__(self) -> str:
        return f"{self.result} {self.corrected_at:%Y-%m-%d %H:%M}"


class Bulletin(models.Model):
    """A month's 地表水环境质量月报, drafted when every section in use has a published result (the worker's
    periodic task, or a data officer), reviewed by staff and handed to 主动公开 (core.publishing) as a
    draft document, which is published through that review. ``body_html`` is the text as drafted."""

    month = models.DateField(_("月份"), unique=True, help_text=_("当月第一天"))
    title = models.CharField(_("标题"), max_length=200)
    body_html = models.TextField(_("正文"))
    drafted_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    document_id = models.PositiveIntegerField(_("主动公开文件"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("提交人")
    )

    class Meta:
        ordering = ["-month"]
        permissions = [("submit_bulletin", _("提交地表水月报主动公开"))]
        verbose_name = _("地表水环境质量月报")
        verbose_name_plural = _("地表水环境质量月报")

    def __str__(self) -> str:
        return self.title


class DrinkingWaterSource(models.Model):
    """集中式饮用水水源地: a source of its own, represented by one or more monitoring sections
    (Section.source, chosen on the section's form). Its
    protection zones are described as text (一级 / 二级 / 准保护区), with an optional area."""

    class Kind(models.TextChoices):
        SURFACE = "surface", _("地表水")
        GROUNDWATER = "groundwater", _("地下水")

    code = models.CharField(_("水源地编码"), max_length=20, unique=True)
    name = models.CharField(_("水源地名称"), max_length=80)
    kind = models.CharField(_("水源类型"), max_length=12, choices=Kind.choices, default=Kind.SURFACE)
    zone_primary = models.TextField(_("一级保护区"), blank=True)
    zone_primary_area = models.DecimalField(
        _("一级保护区面积（km²）"), max_digits=10, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    zone_secondary = models.TextField(_("二级保护区"), blank=True)
    zone_secondary_area = models.DecimalField(
        _("二级保护区面积（km²）"), max_digits=10, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    zone_quasi = models.TextField(_("准保护区"), blank=True)
    zone_quasi_area = models.DecimalField(
        _("准保护区面积（km²）"), max_digits=10, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    served_population = models.PositiveIntegerField(_("服务人口（万人）"), null=True, blank=True)
    design_withdrawal = models.DecimalField(
        _("设计取水量（万立方米/日）"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("集中式饮用水水源地")
        verbose_name_plural = _("集中式饮用水水源地")

    def __str__(self) -> str:
        return gettext("%(name)s（%(code)s）") % {"name": self.name, "code": self.code}


class SourceMonth(models.Model):
    """A source's month row: the volume withdrawn that month (for 取水量达标率)."""

    source = models.ForeignKey(
        DrinkingWaterSource, on_delete=models.PROTECT, related_name="months", verbose_name=_("水源地")
    )
    month = models.DateField(_("月份"), help_text=_("当月第一天"))
    withdrawal = models.DecimalField(
        _("取水量（万立方米）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["-month", "source__code"]
        constraints = [models.UniqueConstraint(fields=["source", "month"], name="water_one_source_month")]
        verbose_name = _("水源地月取水量")
        verbose_name_plural = _("水源地月取水量")

    def __str__(self) -> str:
        return f"{self.source.name} {self.month:%Y-%m}"
