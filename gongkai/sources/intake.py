"""Intake importers of the pollution-source registry (CSV/XLSX as the national platforms export them,
headers in Chinese; several header spellings accepted), run by the worker with lines named as Excel
shows them:

- ``sources.enterprises`` (per row): 统一社会信用代码, 单位名称 … — new codes registered, known ones updated.
- ``sources.keyunits`` (all or nothing, with the year): 统一社会信用代码, 类别, 备注 — the year's whole list.
- ``sources.monitoring`` (per row): 统一社会信用代码, 排放口编号, 监测日期, 污染物, 统计口径, 监测值, 单位,
  监测类型, 备注 — each judged against the outlet's limit of the same statistic.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError
from gongkai.sources import services
from gongkai.sources.models import Enterprise, KeyUnitCategory, MonitoringResult, Outlet, Statistic

ENTERPRISES = "sources.enterprises"
KEY_UNITS = "sources.keyunits"
MONITORING = "sources.monitoring"

# Field → header spellings seen in exports of the national platforms (排污许可管理信息平台, 企业环境信息依法
# 披露系统) and bureaus' own spreadsheets.
ENTERPRISE_HEADERS = {
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "credit_code"),
    "name": ("单位名称", "企业名称", "排污单位名称", "name"),
    "address": ("生产经营场所地址", "注册地址", "地址", "address"),
    "district_code": ("行政区划代码", "区划代码", "district_code"),
    "district_name": ("所在区县", "区县", "所在地区", "district"),
    "industry_code": ("行业类别代码", "行业代码", "industry_code"),
    "industry_name": ("行业类别", "行业名称", "industry"),
    "longitude": ("经度", "中心经度", "longitude"),
    "latitude": ("纬度", "中心纬度", "latitude"),
    "legal_representative": ("法定代表人", "法人代表", "legal_representative"),
}
KEY_UNIT_HEADERS = {
    "credit_code": ENTERPRISE_HEADERS["credit_code"],
    "category": ("类别", "名录类别", "category"),
    "note": ("备注", "note"),
}
RESULT_HEADERS = {
    "credit_code": ENTERPRISE_HEADERS["credit_code"],
    "outlet": ("排放口编号", "排口编号", "outlet"),
    "date": ("监测日期", "采样日期", "date"),
    "pollutant": ("污染物", "监测项目", "pollutant"),
    "statistic": ("统计口径", "statistic"),
    "value": ("监测值", "监测结果", "value"),
    "unit": ("单位", "unit"),
    "source": ("监测类型", "source"),
    "note": ("备注", "note"),
}


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip().lower()


def _labels(choices) -> dict[str, str]:
    """Codes and Chinese labels (and short forms: 水 for 水环境) → code."""
    out = {}
    for code, label in choices:
        out[_key(code)] = code
        out[_key(str(label))] = code
    return out


CATEGORY = _labels(KeyUnitCategory.choices) | {
    "水": "water",
    "大气": "air",
    "土壤": "soil",
    "声": "noise",
    "噪声": "noise",
    "地下水": "groundwater",
}
STATISTIC = _labels(Statistic.choices) | {"小时均值": "hourly", "日均值": "daily"}
SOURCE = _labels(MonitoringResult.Source.choices)


def read_row(row, headers: dict[str, tuple[str, ...]]) -> dict[str, str]:
    by_key = {_key(name): value for name, value in row.values.items()}
    out = {}
    for field, spellings in headers.items():
        for spelling in spellings:
            if _key(spelling) in by_key:
                value = by_key[_key(spelling)]
                out[field] = "" if value is None else unicodedata.normalize("NFKC", str(value)).strip()
                break
    return out


def missing_headers(table, headers: dict, required: tuple[str, ...]) -> list[str]:
    present = {_key(h) for h in table.headers}
    return [headers[field][0] for field in required if not any(_key(s) in present for s in headers[field])]


def _decimal(text: str, field: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise DomainError(_("“%(text)s”不是数字。") % {"text": text[:20]}, field=field) from None


def _date(value: str) -> date:
    text = value.replace("/", "-").replace(".", "-")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(
            _("日期“%(text)s”无效，应为 YYYY-MM-DD。") % {"text": value[:20]}, field="date"
        ) from None


def enterprise_data(values: dict[str, str]) -> dict:
    data = {k: v for k, v in values.items() if k not in ("longitude", "latitude")}
    data["longitude"] = _decimal(values.get("longitude", ""), "longitude")
    data["latitude"] = _decimal(values.get("latitude", ""), "latitude")
    return data


def process_enterprises(ctx) -> str:
    table = ctx.table()
    missing = missing_headers(table, ENTERPRISE_HEADERS, ("credit_code", "name"))
    if missing:
        raise DomainError(_("缺少列：%(names)s。") % {"names": "、".join(missing)})
    created = updated = 0
    for done, row in enumerate(table.rows, start=1):
        values = read_row(row, ENTERPRISE_HEADERS)

        def write(values=values):
            nonlocal created, updated
            data = enterprise_data(values)
            existing = services.enterprise_by_code(data.get("credit_code", ""))
            services.save_enterprise(actor=ctx.actor, data=data, enterprise=existing, note=_("批量导入"))
            if existing:
                updated += 1
            else:
                created += 1

        ctx.apply_row(row.line, write)
        if done % 200 == 0:
            ctx.progress(done)
    ctx.progress(len(table))
    return _("新登记%(created)d家，更新%(updated)d家。") % {"created": created, "updated": updated}


def process_key_units(ctx) -> str:
    table = ctx.table()
    missing = missing_headers(table, KEY_UNIT_HEADERS, ("credit_code", "category"))
    if missing:
        raise DomainError(_("缺少列：%(names)s。") % {"names": "、".join(missing)})
    year = int(ctx.params["year"])
    codes = {e.credit_code: e for e in Enterprise.objects.all()}
    entries = []
    for row in table.rows:
        values = read_row(row, KEY_UNIT_HEADERS)
        code = services.normalise_credit_code(values.get("credit_code", ""))
        message = services.credit_code_message(code)
        if message:
            ctx.error(row.line, "统一社会信用代码", message)
            continue
        enterprise = codes.get(code)
        if enterprise is None:
            ctx.error(
                row.line, "统一社会信用代码", _("单位%(code)s未登记，请先导入排污单位。") % {"code": code}
            )
            continue
        category = CATEGORY.get(_key(values.get("category", "")))
        if category is None:
            ctx.error(
                row.line,
                "类别",
                _(
                    "类别“%(text)s”无效，应为水环境、大气环境、土壤污染、声环境、地下水污染防治、环境风险或其他。"
                )
                % {"text": values.get("category", "")[:20]},
            )
            continue
        entries.append((category, enterprise, values.get("note", "")[:200]))
    ctx.progress(len(table))
    summary = ctx.apply(lambda: services.replace_key_units(actor=ctx.actor, year=year, entries=entries))
    return _("%(year)d年名录：共%(total)d条，新增%(added)d条，移出%(removed)d条。") % summary


def process_results(ctx) -> str:
    table = ctx.table()
    required = ("credit_code", "outlet", "date", "pollutant", "statistic", "value")
    missing = missing_headers(table, RESULT_HEADERS, required)
    if missing:
        raise DomainError(_("缺少列：%(names)s。") % {"names": "、".join(missing)})
    outlets = {(o.enterprise.credit_code, o.code): o for o in Outlet.objects.select_related("enterprise")}
    stored = exceeded = 0
    for done, row in enumerate(table.rows, start=1):
        values = read_row(row, RESULT_HEADERS)

        def write(values=values):
            nonlocal stored, exceeded
            code = services.normalise_credit_code(values.get("credit_code", ""))
            outlet = outlets.get((code, values.get("outlet", "").upper()))
            if outlet is None:
                raise DomainError(
                    _("单位%(code)s没有编号为%(outlet)s的排放口。")
                    % {"code": code, "outlet": values.get("outlet", "")},
                    field="排放口编号",
                )
            statistic = STATISTIC.get(_key(values.get("statistic", "")))
            if statistic is None:
                raise DomainError(
                    _("统计口径“%(text)s”无效。") % {"text": values.get("statistic", "")[:20]},
                    field="统计口径",
                )
            source = SOURCE.get(_key(values.get("source", "") or "supervisory"))
            if source is None:
                raise DomainError(_("监测类型应为监督性监测或自行监测。"), field="监测类型")
            value = _decimal(values.get("value", ""), "监测值")
            if value is None:
                raise DomainError(_("请填写监测值。"), field="监测值")
            result = services.record_result(
                actor=ctx.actor,
                source=source,
                outlet=outlet,
                sampled_on=_date(values.get("date", "")),
                pollutant=values.get("pollutant", ""),
                statistic=statistic,
                value=value,
                unit=values.get("unit", ""),
                note=values.get("note", "")[:300],
            )
            stored += 1
            exceeded += int(result.exceeded)

        ctx.apply_row(row.line, write)
        if done % 200 == 0:
            ctx.progress(done)
    ctx.progress(len(table))
    return _("保存%(stored)d条结果，其中超标%(exceeded)d条。") % {"stored": stored, "exceeded": exceeded}


VALIDITY = "sources.validity"
VALIDITY_HEADERS = {
    "credit_code": ENTERPRISE_HEADERS["credit_code"],
    "year": ("年度", "year"),
    "quarter": ("季度", "quarter"),
    "outlet": ("排放口编号", "排口编号", "outlet"),
    "result": ("审核结论", "结论", "result"),
    "note": ("说明", "备注", "note"),
}
RESULT = {
    "合格": "passed",
    "通过": "passed",
    "passed": "passed",
    "不合格": "failed",
    "不通过": "failed",
    "failed": "failed",
}


def process_validity(ctx) -> str:
    """自动监控设备有效性审核 results of a quarter (per enterprise, or per outlet when given)."""
    table = ctx.table()
    missing = missing_headers(table, VALIDITY_HEADERS, ("credit_code", "year", "quarter", "result"))
    if missing:
        raise DomainError(_("缺少列：%(names)s。") % {"names": "、".join(missing)})
    stored = 0
    for row in table.rows:
        values = read_row(row, VALIDITY_HEADERS)

        def write(values=values):
            nonlocal stored
            enterprise = services.enterprise_by_code(values.get("credit_code", ""))
            if enterprise is None:
                raise DomainError(_("单位未登记。"), field="统一社会信用代码")
            outlet = None
            if values.get("outlet"):
                outlet = enterprise.outlets.filter(code=values["outlet"].upper()).first()
                if outlet is None:
                    raise DomainError(_("该单位没有这个排放口。"), field="排放口编号")
            try:
                year, quarter = int(values.get("year", "")), int(values.get("quarter", ""))
            except ValueError:
                raise DomainError(_("年度和季度应为数字。"), field="季度") from None
            result = RESULT.get(_key(values.get("result", "")))
            if result is None:
                raise DomainError(_("审核结论应为合格或不合格。"), field="审核结论")
            services.record_validity_audit(
                actor=ctx.actor,
                enterprise=enterprise,
                outlet=outlet,
                year=year,
                quarter=quarter,
                result=result,
                note=values.get("note", "")[:300],
            )
            stored += 1

        ctx.apply_row(row.line, write)
    ctx.progress(len(table))
    return _("保存%(stored)d条审核结果。") % {"stored": stored}
