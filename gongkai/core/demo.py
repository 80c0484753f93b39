"""Demo data: the fictional 示例市生态环境局 and an account for every role. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gongkai.audit import services as audit
from gongkai.core import services
from gongkai.core.models import Organisation, Page, User
from gongkai.core.roles import Role, role_label
from gongkai.core.sanitize import clean_html

DEMO_PASSWORD = "Gongkai#2026"  # noqa: S105 — demo only: meets the password policy, printed by `gongkai demo`


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    department: str
    role: str

    @property
    def role_label(self) -> str:
        return role_label(self.role)


DEMO_ACCOUNTS = (
    DemoAccount("admin", "管理员（演示）", "办公室", Role.ADMINISTRATOR),
    DemoAccount("security", "吴安全（演示）", "办公室", Role.SECURITY_ADMINISTRATOR),
    DemoAccount("auditor", "郑审计（演示）", "办公室", Role.AUDIT_ADMINISTRATOR),
    DemoAccount("editor", "王编辑（演示）", "办公室", Role.EDITOR),
    DemoAccount("reviewer", "李审查（演示）", "办公室", Role.REVIEWER),
    DemoAccount("legal", "赵法制（演示）", "法规科", Role.LEGAL_REVIEWER),
    DemoAccount("handler", "陈经办（演示）", "办公室", Role.REQUEST_HANDLER),
    DemoAccount("data", "刘监测（演示）", "监测科", Role.DATA_OFFICER),
    DemoAccount("enforcer", "周执法（演示）", "执法支队", Role.ENFORCEMENT_OFFICER),
    DemoAccount("leader", "孙局长（演示）", "局领导", Role.LEADER),
)

DEMO_ORGANISATION = {
    "name": "示例市生态环境局",
    "short_name": "示例市生态环境局",
    "region_code": "990100",
    "credit_code": "11990100MB0000001T",
    "address": "示例市示范区环保路1号",
    "postcode": "990001",
    "office_hours": "工作日 上午8:30—12:00，下午14:30—17:30（法定节假日除外）",
    "phone": "0999-12345678",
    "fax": "0999-12345679",
    "email": "xxgk@example.gov.cn",
    "disclosure_office": "示例市生态环境局办公室",
    "disclosure_phone": "0999-12345670",
    "disclosure_address": "示例市示范区环保路1号 政务公开受理窗口",
    "disclosure_email": "ysqgk@example.gov.cn",
    "website_code": "9901000001",
    "icp_number": "示ICP备00000000号",
    "police_record_number": "示公网安备 99010002000001号",
}

# Sections 一 to 三 of the 指南 are generated from the organisation settings (core/guide.py); the page
# body is its "四、其他事项".
GUIDE_BODY = """
<h3>收费</h3>
<p>本机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，依照《政府信息公开信息处理费管理办法》收取信息处理费。</p>
<h3>监督和救济</h3>
<p>公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>
"""

RULES_BODY = """
<h2>政府信息公开工作制度</h2>
<ol>
<li>政府信息公开保密审查制度：拟公开的政府信息在公开前须经保密审查和个人信息审查。</li>
<li>依申请公开办理制度：申请登记、补正告知、征求意见、延期审批、答复前法律审查、送达和归档。</li>
<li>政策解读制度：重要政策文件与解读材料同步组织、同步审签、同步部署。</li>
<li>网站信息发布审核制度：信息发布实行“先审后发”。</li>
</ol>
"""


_extra_loaders: list = []
_late_loaders: list = []
_volume_loaders: list = []


def register(loader, *, late: bool = False, volume: bool = False) -> None:
    """A domain app adds its demo data; loaders run after the platform's, in registration order,
    and must be idempotent. `late` loaders run after all others (the annual report, which reads what
    every other app's demo data recorded). `volume` loaders add content at a real bureau's volume
    (hundreds of records): `gongkai demo` runs them before the late ones; the test suite's demo
    fixtures do not, as no test needs the bulk and every browser test would pay for it."""
    loaders = _volume_loaders if volume else _late_loaders if late else _extra_loaders
    if loader not in loaders:
        loaders.append(loader)


def load_demo_data(*, volume: bool = False) -> None:
    _load_platform_demo()
    for loader in [*_extra_loaders, *(_volume_loaders if volume else []), *_late_loaders]:
        loader()


@transaction.atomic
def _load_platform_demo() -> None:
    created = []
    organisation = Organisation.current()
    if organisation.credit_code != DEMO_ORGANISATION["credit_code"]:
        for name, value in DEMO_ORGANISATION.items():
            setattr(organisation, name, value)
        organisation.full_clean()
        organisation.save()
        created.append("organisation")
    for slug, body in ((Page.Slug.GUIDE, GUIDE_BODY), (Page.Slug.RULES, RULES_BODY)):
        page, _ = Page.objects.get_or_create(slug=slug, defaults={"title": slug.label})
        if not page.body:
            page.body = clean_html(body)
            page.save()
            created.append(f"page:{slug}")
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        services.create_user(
            actor=None,
            username=account.username,
            password=DEMO_PASSWORD,
            roles=[account.role],
            full_name=account.full_name,
            department=account.department,
            must_change_password=False,
        )
        created.append(f"user:{account.username}")
    if created:
        audit.record(actor=None, action="demo.load", target=organisation, after={"created": created})
