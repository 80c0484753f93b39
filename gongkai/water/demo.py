"""Demo data: a fictional basin (清河流域) with 12 sections, two of them on a lake or reservoir, and their
monthly results for the last two years, imported and published through the services as a data officer
would (idempotent).

The values are synthetic: each section has its own level of pollution (clean headwaters, a town reach, an
industrial tributary, the lake), with seasonal swings and month-to-month noise, so the demo shows the usual
mix of classes — mostly Ⅱ-Ⅲ, some Ⅳ-Ⅴ, the odd 劣Ⅴ. Every published value can be checked by hand against
GB 3838-2002 Table 1 (see gongkai/water/README.md).

Three sections (STATION_MNS) have an automatic station: the demo sets their MN only; their hourly data are
made by the HJ 212 receiver's demo, which runs after this one and reads the MNs through core.monitoring
(this app never writes the receiver's tables)."""

from __future__ import annotations

import math
import os
import random
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.water import services
from gongkai.water.models import DrinkingWaterSource, MonthlyResult, Section, SourceMonth

DEFAULT_MONTHS = 24
TEST_RUN_MONTHS = 2  # browser tests load the demo for every module: keep it small there

BASIN = "清河流域"
# code, name, river or lake, body, control level, target class, drinking-water source, pollution factor,
# (longitude, latitude): a fictional basin, the coordinates made up to draw a plausible layout.
SECTIONS = (
    ("QH01", "源头", "清河", "river", "national", 1, False, 0.35, ("113.402100", "34.712300")),
    ("QH02", "青石桥", "清河", "river", "provincial", 2, True, 0.5, ("113.486500", "34.668900")),
    ("QH03", "城北", "清河", "river", "city", 3, False, 0.8, ("113.571200", "34.621400")),
    ("QH04", "城南", "清河", "river", "provincial", 3, False, 1.1, ("113.625800", "34.569700")),
    ("QH05", "出境", "清河", "river", "national", 3, False, 1.0, ("113.812300", "34.452600")),
    ("BS01", "白沙入河口", "白沙河", "river", "city", 4, False, 1.9, ("113.688400", "34.538100")),
    ("BS02", "工业园下游", "白沙河", "river", "city", 4, False, 2.4, ("113.702900", "34.611800")),
    ("LX01", "柳溪口", "柳溪", "river", "city", 3, False, 0.9, ("113.540700", "34.488200")),
    ("LX02", "柳溪大桥", "柳溪", "river", "provincial", 3, False, 1.2, ("113.598300", "34.512900")),
    ("MH01", "明湖湖心", "明湖", "lake", "national", 3, True, 0.7, ("113.651600", "34.642500")),
    ("SJ01", "双江汇合口", "清河", "river", "provincial", 3, False, 1.3, ("113.741500", "34.503400")),
    ("XS01", "西山水库", "西山水库", "lake", "provincial", 2, True, 0.45, ("113.351800", "34.655200")),
)
# item: (Class II-ish base value at factor 1, decimals); DO and pH are drawn separately.
BASE = {
    "codmn": (3.6, 1),
    "cod": (14.0, 0),
    "bod5": (2.6, 1),
    "nh3_n": (0.45, 3),
    "tp": (0.09, 3),
    "tn": (1.4, 2),
    "cu": (0.004, 4),
    "zn": (0.02, 3),
    "fluoride": (0.35, 2),
    "petroleum": (0.02, 2),
    "volatile_phenol": (0.0008, 4),
    "las": (0.05, 2),
    "sulfide": (0.01, 3),
}
# Sections with an automatic station (水质自动站): the MN of its data logger. The hourly data come from the
# HJ 212 receiver's demo (gongkai/sources/demo.py), which reads these MNs through core.monitoring.
STATION_MNS = {"QH05": "WQ990100QH05", "BS02": "WQ990100BS02", "MH01": "WQ990100MH01"}
DETECTION_LIMITS = {"cu": "0.001", "petroleum": "0.01", "volatile_phenol": "0.0003", "sulfide": "0.005"}


def _months(count: int) -> list[date]:
    today = timezone.localdate()
    year, month = today.year, today.month
    result = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        result.append(date(year, month, 1))
    return sorted(result)


def _value(generator: random.Random, base: float, factor: float, season: float, places: int) -> float:
    return round(base * factor * season * math.exp(generator.gauss(0, 0.25)), places)


def _row(generator: random.Random, section: tuple, month: date) -> dict[str, str]:
    code, _name, _water, body, _level, _target, _source, factor, _where = section
    # Summer: warmer water holds less oxygen and algae raise nutrients; winter: less dilution.
    season = 1 + 0.18 * math.sin((month.month - 4) / 12 * 2 * math.pi)
    lake_tp = 0.35 if body == "lake" else 1.0
    row = {
        "section": code,
        "ph": f"{generator.gauss(7.6, 0.25):.1f}",
        "do": f"{max(1.5, generator.gauss(8.6 - 1.6 * factor, 0.6) / season):.1f}",
    }
    for item, (base, places) in BASE.items():
        value = _value(generator, base * (lake_tp if item == "tp" else 1), factor, season, places)
        limit = DETECTION_LIMITS.get(item)
        row[item] = f"<{limit}" if limit and value < float(limit) else f"{value:.{places}f}"
    for item, text in (("se", "<0.0004"), ("as", "0.0012"), ("hg", "<0.00004"), ("cd", "<0.0001")):
        row[item] = text
    row["cr6"], row["pb"], row["cn"] = "<0.004", "<0.001", "<0.004"
    row["fecal_coliform"] = str(int(_value(generator, 900, factor**2, season, 0)))
    # Lakes: chlorophyll a (mg/m³) and transparency (m) for the trophic state, from their own generator so
    # that the other values stay as they were.
    row["chla"] = row["sd"] = ""
    if body == "lake":
        own = random.Random(f"gongkai-water-tli-{code}-{month:%Y%m}")
        row["chla"] = f"{8.0 * factor * season * math.exp(own.gauss(0, 0.3)):.1f}"
        row["sd"] = f"{1.6 / (factor * season) * math.exp(own.gauss(0, 0.2)):.2f}"
    return row


# The 3 fictional sources: code, name, kind, section, zones (一级, 二级, 准保护区 text and km²), served
# population (万人), design withdrawal (万m³/d). Monthly withdrawal = design × days × a seeded load factor.
SOURCES = (
    (
        "DW01",
        "青石桥水源地",
        "surface",
        "QH02",
        ("取水口上游1000米至下游100米的清河水域及两岸纵深50米陆域", Decimal("0.42")),
        ("一级保护区上边界上溯2000米的清河水域及两岸纵深1000米陆域", Decimal("3.80")),
        ("", None),
        45,
        Decimal("12.00"),
    ),
    (
        "DW02",
        "明湖水源地",
        "surface",
        "MH01",
        ("取水口半径500米范围内的湖区水域及沿岸50米陆域", Decimal("0.95")),
        ("一级保护区以外的明湖全部水域及沿岸200米陆域", Decimal("6.10")),
        ("明湖入湖支流上溯3000米汇水区域", Decimal("15.50")),
        30,
        Decimal("8.00"),
    ),
    (
        "DW03",
        "西山水库水源地",
        "surface",
        "XS01",
        ("取水口半径300米范围内的水库水域及沿岸正常水位线以上200米陆域", Decimal("0.60")),
        ("一级保护区以外的水库全部水域及入库河流上溯2000米", Decimal("4.25")),
        ("西山水库上游汇水区域", Decimal("22.00")),
        18,
        Decimal("5.00"),
    ),
)


def _load_sources(sections: dict[str, Section], months: list[date]) -> None:
    for code, name, kind, section_code, zone1, zone2, zone3, population, design in SOURCES:
        source, _created = DrinkingWaterSource.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "zone_primary": zone1[0],
                "zone_primary_area": zone1[1],
                "zone_secondary": zone2[0],
                "zone_secondary_area": zone2[1],
                "zone_quasi": zone3[0],
                "zone_quasi_area": zone3[1],
                "served_population": population,
                "design_withdrawal": design,
            },
        )
        section = sections[section_code]
        if section.source_id is None:
            Section.objects.filter(pk=section.pk).update(source=source, drinking_water_source=True)
        for month in months:
            following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            factor = random.Random(f"gongkai-water-source-{code}-{month:%Y%m}").uniform(0.7, 0.95)
            volume = (design * (following - month).days * Decimal(str(round(factor, 3)))).quantize(
                Decimal("0.01")
            )
            SourceMonth.objects.get_or_create(source=source, month=month, defaults={"withdrawal": volume})


@transaction.atomic
def load_demo(months: int | None = None) -> int:
    """Create the sections and import + publish the months not yet present; returns results added."""
    if months is None:
        default = TEST_RUN_MONTHS if getattr(settings, "TESTING", False) else DEFAULT_MONTHS
        months = int(os.environ.get("GONGKAI_WATER_DEMO_MONTHS", default))
    sections = []
    for code, name, water, body, level, target, source, _factor, (longitude, latitude) in SECTIONS:
        section, _created = Section.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "water_name": water,
                "basin": BASIN,
                "water_body": body,
                "control_level": level,
                "target_class": target,
                "drinking_water_source": source,
                "longitude": Decimal(longitude),
                "latitude": Decimal(latitude),
            },
        )
        if section.longitude is None and section.latitude is None:  # a demo loaded before coordinates
            Section.objects.filter(pk=section.pk).update(
                basin=section.basin or BASIN, longitude=Decimal(longitude), latitude=Decimal(latitude)
            )
        sections.append(section)
    for code, mn in STATION_MNS.items():  # unless the section has an MN already (or another has this one)
        if not Section.objects.filter(station_mn=mn).exists():
            Section.objects.filter(code=code, station_mn="").update(station_mn=mn)
    _load_sources({s.code: s for s in sections}, list(_months(months)))
    added = 0
    for month in _months(months):
        if MonthlyResult.objects.filter(month=month, section__in=sections).exists():
            continue
        generator = random.Random(f"gongkai-water-{month:%Y%m}")
        rows = [_row(generator, section, month) for section in SECTIONS]
        header = list(rows[0])
        lines = [",".join(header)] + [",".join(row[column] for column in header) for row in rows]
        summary = services.import_monthly(actor=None, month=month, content="\n".join(lines).encode())
        services.publish_month(actor=None, month=month)
        added += summary.created
    return added
