"""Demo: the list of sensitive and commonly mistaken expressions a bureau of ecology and environment
keeps (the old 环保局 names and the superseded rules' titles, issue 20), and a first scan. Idempotent."""

from __future__ import annotations

from gongkai.sitecheck.models import Expression, Scan

EXPRESSIONS = (
    ("环保局", "生态环境局（2018年机构改革后的名称）", False),
    ("环境保护局", "生态环境局（2018年机构改革后的名称）", False),
    ("《排污许可管理办法（试行）》", "《排污许可管理办法》（2024年）", False),
    ("《企业事业单位环境信息公开办法》", "《企业环境信息依法披露管理办法》（2022年施行）", False),
    ("《环境噪声污染防治法》", "《噪声污染防治法》（2022年施行）", False),
    ("台湾政府", "台湾当局（严重表述错误）", True),
)
DEMO_MAX_PAGES = 400


def load() -> None:
    for text, suggestion, veto in EXPRESSIONS:
        Expression.objects.get_or_create(text=text, defaults={"suggestion": suggestion, "veto": veto})
    if not Scan.objects.exists():
        from gongkai.sitecheck import services

        services.run_scan(max_pages=DEMO_MAX_PAGES)
