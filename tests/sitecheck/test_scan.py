"""The daily scan over the site itself: broken internal links, personal data and expressions in
published pages, stale and blank columns from the registry, contributed checks (a veto), external links
only when allowed and politely; the score, the month's score, the pages and exports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core import sitechecks
from gongkai.core.models import Page
from gongkai.sitecheck import crawl, services
from gongkai.sitecheck.models import Expression, Finding, MonthlyScore

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(monkeypatch, administrator):
    now = timezone.now()
    columns = [
        sitechecks.ColumnState("工作动态", "/xxgk/", "办公室", now - timedelta(days=30)),
        sitechecks.ColumnState("通知公告", "/xxgk/", "办公室", now - timedelta(days=2)),
        sitechecks.ColumnState("人事信息", "/xxgk/", "人事科", None),
    ]
    monkeypatch.setattr(sitechecks, "_columns", {"test": sitechecks.ColumnSource("test", lambda: columns)})

    def unanswered(today):
        return [
            sitechecks.Finding(
                "unanswered_message",
                sitechecks.VETO,
                "留言超过3个月未答复：关于某河道异味的咨询",
                "立即答复该留言",
                url="/hudong/1/",
                department="办公室",
            )
        ]

    monkeypatch.setattr(
        sitechecks, "_checks", {"interaction": sitechecks.Check("interaction", "留言办理", unanswered)}
    )
    Page.objects.update_or_create(
        slug="rules",
        defaults={
            "title": "政府信息公开制度",
            "body": '<p>环保局办公室，联系人张伟，电话13812345678。<a href="/no-such-page/">失效链接</a>'
            '<a href="https://example.org/gone">外部</a></p>',
        },
    )
    Expression.objects.create(text="环保局", suggestion="生态环境局")
    return columns


def test_a_scan_finds_each_problem_with_what_to_fix(site):
    scan = services.run_scan()
    kinds = {f.kind: f for f in Finding.objects.filter(scan=scan)}
    assert scan.state == "done" and scan.pages >= 3
    broken = kinds["broken_link"]
    assert broken.detail == "/no-such-page/" and "/xxgk/rules/" in broken.fix
    assert "手机号码" in kinds["personal_data"].detail and "138*" in kinds["personal_data"].detail
    assert "13812345678" not in kinds["personal_data"].detail
    assert kinds["expression"].title.startswith("页面出现“环保局”1处，应为“生态环境局”")
    assert kinds["stale_column"].title == "动态要闻类栏目超期未更新：工作动态"
    assert "已超期16天" in kinds["stale_column"].detail
    assert kinds["blank_column"].department == "人事科"
    assert kinds["unanswered_message"].severity == "veto"
    assert "external_link" not in kinds  # not allowed by default
    assert scan.veto and scan.verdict == "不合格（单项否决）" and scan.score == 0
    assert MonthlyScore.objects.get(month=timezone.localdate().replace(day=1)).scan == scan


def test_the_organisations_own_contacts_are_not_personal_data(site):
    from gongkai.core.models import Organisation

    organisation = Organisation.current()
    organisation.phone = "13812345678"
    organisation.save()
    scan = services.run_scan()
    detail = Finding.objects.get(scan=scan, kind="personal_data").detail
    assert "手机号码" not in detail and "自然人姓名" in detail  # the name after 联系人 still is


def test_external_links_only_when_allowed_with_timeouts_and_politeness(site, settings):
    settings.SITECHECK_EXTERNAL_LINKS = True
    calls = []

    def fetch(url, timeout):
        calls.append((url, timeout))
        return 404

    scan = services.run_scan(fetch=fetch)
    assert calls == [("https://example.org/gone", 10.0)]
    finding = Finding.objects.get(scan=scan, kind="external_link")
    assert "状态码404" in finding.title and finding.url == "/xxgk/rules/"
    slept = []
    clock = iter([0.0, 0.0, 0.2, 0.2, 5.0, 5.0])
    failed = crawl.check_external(
        {"https://a.example/1": "/", "https://a.example/2": "/", "https://b.example/": "/"},
        fetch=lambda url, timeout: 200 if "b." in url else 0,
        sleep=slept.append,
        clock=lambda: next(clock),
    )
    assert [url for url, _s, _r in failed] == ["https://a.example/1", "https://a.example/2"]
    assert slept == [pytest.approx(0.8)]  # a.example again 0.2 s later waits the rest of 1 s; b.example not


def test_without_veto_the_site_is_scored(site, monkeypatch):
    monkeypatch.setattr(sitechecks, "_checks", {})
    scan = services.run_scan()
    assert not scan.veto
    assert scan.score == Decimal(
        "88.9"
    )  # 100 - 0.1 broken link - 5 personal - 2 expression - 2 stale - 2 blank
    assert scan.verdict == "合格"


def test_pages_show_vetoes_first_and_export(site, admin_client, make_staff, client_for):
    services.run_scan()
    page = admin_client.get(reverse("sitecheck:overview")).content.decode()
    assert page.index('id="sitecheck-vetoes"') < page.index("sitecheck-deductions")
    assert "留言超过3个月未答复" in page and "立即答复该留言" in page
    export = admin_client.get(reverse("sitecheck:findings") + "?export=csv")
    assert export.status_code == 200 and "整改要求" in export.content.decode("utf-8-sig")
    weekly = admin_client.get(reverse("sitecheck:weekly"))
    assert "办公室" in weekly.content.decode() and "人事科" in weekly.content.decode()
    assert admin_client.get(reverse("sitecheck:weekly") + "?export=xlsx").status_code == 200
    assert admin_client.get(reverse("sitecheck:weekly") + "?day=nonsense").status_code == 200
    monthly = admin_client.get(reverse("sitecheck:monthly")).content.decode()
    assert 'id="sitecheck-trend"' in monthly and "不合格（单项否决）" in monthly
    assert admin_client.get(reverse("sitecheck:monthly") + "?export=csv").status_code == 200
    outsider = client_for(make_staff("data_officer", username="jiance"))
    assert outsider.get(reverse("sitecheck:overview")).status_code == 403
    assert outsider.post(reverse("sitecheck:run")).status_code == 403


def test_manual_scan_from_the_console(site, admin_client):
    response = admin_client.post(reverse("sitecheck:run"))
    assert response.status_code == 302
    assert Finding.objects.filter(kind="broken_link").exists()  # huey runs immediately in tests


def test_the_real_disclosure_columns_are_registered():
    from gongkai.disclosure.sitecheck import SOURCE

    assert sitechecks._columns["disclosure"] == SOURCE
    assert SOURCE.columns() == [] or all(column.path for column in SOURCE.columns())


def test_cli_scan(site):
    from click.testing import CliRunner

    from gongkai.cli import main

    result = CliRunner().invoke(main, ["sitecheck", "scan", "--max-pages", "50"])
    assert result.exit_code == 0, result.output
    assert "单项否决：留言超过3个月未答复" in result.output and "得分0" in result.output


def test_today_is_a_date():
    assert isinstance(timezone.localdate(), date)


def test_thresholds_scoring_and_serious_expressions_come_from_settings(site, settings, monkeypatch):
    """Issue 19: the stale limits and the scoring table are configurable (SITECHECK_STALE_DAYS,
    SITECHECK_SCORING); an expression marked 严重表述错误 is a veto."""
    monkeypatch.setattr(sitechecks, "_checks", {})
    settings.SITECHECK_STALE_DAYS = {"动态要闻": 60}  # 工作动态 is 30 days old: no longer stale
    settings.SITECHECK_SCORING = {"personal_data": ("10", "20")}
    scan = services.run_scan()
    kinds = set(Finding.objects.filter(scan=scan).values_list("kind", flat=True))
    assert "stale_column" not in kinds and "personal_data" in kinds
    assert scan.score == Decimal("85.9")  # 100 - 0.1 broken link - 10 personal - 2 expression - 2 blank
    Expression.objects.filter(text="环保局").update(veto=True)
    scan = services.run_scan()
    veto = Finding.objects.get(scan=scan, kind="expression")
    assert veto.severity == "veto" and scan.veto and scan.score == 0


def test_an_information_page_without_a_publication_date_is_found(site, monkeypatch):
    """Pages of sitemap sections with lastmod are information pages: each needs a PubDate meta tag or a
    发布时间 label with a date (the crawl is replaced by two pages here)."""
    from django.contrib.sitemaps import Sitemap

    from gongkai.core import sitemaps

    class Dated(Sitemap):
        def items(self):
            return ["/info/1/", "/info/2/"]

        def location(self, item):
            return item

        def lastmod(self, item):
            return None

    pages = [
        crawl.Visited("/info/1/", 200, "", "text/html", text="一条信息，正文没有时间。"),
        crawl.Visited("/info/2/", 200, "", "text/html", text="发布时间：2026-11-02 正文"),
    ]
    monkeypatch.setattr(sitemaps, "SECTIONS", {"dated": Dated})
    monkeypatch.setattr(crawl, "crawl", lambda start, max_pages=None: iter(pages))
    scan = services.run_scan()
    finding = Finding.objects.get(scan=scan, kind="no_date")
    assert finding.url == "/info/1/" and finding.fix == "在页面上标明信息的发布时间"


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_published_attachment_holding_personal_data_is_found(site, make_staff, administrator, kind):
    """A document published through review with a clean attachment whose file was later replaced on the
    server by one holding a mobile number and a resident ID: the daily scan crawls the document page,
    fetches the attachment and reports 公开附件含个人信息 with where the data is (masked)."""
    from gongkai.disclosure import services as disclosure
    from gongkai.disclosure.models import DocType
    from tests.disclosure.conftest import MOBILE, RESIDENT_ID, docx_bytes
    from tests.eia.conftest import pdf_bytes

    editor, reviewer, leader = make_staff("editor"), make_staff("reviewer"), make_staff("leader")
    disclosure.save_catalogue_item(
        actor=administrator, code="03", name="法定主动公开内容", department="办公室", channels=["政府网站"]
    )
    item = disclosure.save_catalogue_item(
        actor=administrator, code="03.02", name="法规文件", department="法规科", channels=["政府网站"]
    )
    document = disclosure.create_document(
        actor=editor, title="示例市生态环境局关于排污许可管理的通知", catalogue_item=item,
        issuing_organ="示例市生态环境局", document_number="示环发〔2026〕9号", date_formed=date(2026, 9, 28),
        doc_type=DocType.OTHER, body="<p>各区县分局：现就有关事项通知如下。</p>",
    )  # fmt: skip
    make = docx_bytes if kind == "docx" else pdf_bytes
    attachment = disclosure.add_attachment(
        actor=editor, document=document, name=f"附件.{kind}", data=make("Contact list")
    )
    disclosure.submit_for_review(actor=editor, document=document)
    disclosure.pass_review(actor=reviewer, document=document, note="经审查，可以公开。")
    disclosure.approve_document(actor=leader, document=document, now=timezone.now())
    attachment.refresh_from_db()
    assert not attachment.redacted_file  # nothing to mask when it was reviewed
    with open(attachment.file.path, "wb") as replaced:
        replaced.write(make(f"Tel {MOBILE} ID {RESIDENT_ID}"))

    scan = services.run_scan()
    [finding] = Finding.objects.filter(
        scan=scan, kind="personal_data", title__startswith="公开附件含个人信息"
    )
    assert attachment.get_absolute_url() in finding.title
    assert finding.fix == "替换为脱敏后的附件并重新发布，或撤回该附件"
    assert MOBILE not in finding.detail and RESIDENT_ID not in finding.detail  # masked
    assert "手机" in finding.detail and "身份证" in finding.detail


def test_stale_days_count_beijing_dates_also_in_the_early_morning(site):
    """01:00 Beijing on 7 November is still 6 November in UTC: the column's last update is the 7th,
    30 days before 7 December, 16 beyond the 14-day limit (the scan's today is a Beijing date)."""
    site[0] = sitechecks.ColumnState("工作动态", "/xxgk/", "办公室", datetime(2026, 11, 6, 17, 0, tzinfo=UTC))
    scan = services.run_scan(today=date(2026, 12, 7))
    stale = Finding.objects.get(scan=scan, kind="stale_column")
    assert stale.detail == "最近更新2026-11-07，已超期16天"
