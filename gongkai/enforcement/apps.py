from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SECTION = _("执法监管")

OFFICER_PERMISSIONS = (
    "enforcement.view_decision",
    "enforcement.add_decision",
    "enforcement.change_decision",
    "enforcement.publish_decision",
    "enforcement.view_inspectionobject",
    "enforcement.add_inspectionobject",
    "enforcement.change_inspectionobject",
    "enforcement.view_inspector",
    "enforcement.add_inspector",
    "enforcement.change_inspector",
    "enforcement.view_drawplan",
    "enforcement.add_drawplan",
    "enforcement.draw_drawplan",
    "enforcement.view_inspectionresult",
    "enforcement.change_inspectionresult",
    "enforcement.view_listedcase",
    "enforcement.add_listedcase",
    "enforcement.change_listedcase",
    "enforcement.view_rectificationplan",
    "enforcement.add_rectificationplan",
    "enforcement.view_rectificationproblem",
    "enforcement.change_rectificationproblem",
    "enforcement.view_creditpush",
    "enforcement.add_creditpush",
)
# The leader reads everything and approves the withdrawal of a published decision (行政处罚法 Art. 48).
LEADER_PERMISSIONS = (
    "enforcement.view_decision",
    "enforcement.withdraw_decision",
    "enforcement.view_inspectionobject",
    "enforcement.view_inspector",
    "enforcement.view_drawplan",
    "enforcement.view_inspectionresult",
    "enforcement.view_listedcase",
    "enforcement.view_rectificationplan",
    "enforcement.view_rectificationproblem",
)


class EnforcementConfig(AppConfig):
    name = "gongkai.enforcement"
    label = "enforcement"
    verbose_name = _("执法监管")
    urlconf = "gongkai.enforcement.urls"
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"inspections": "gongkai.enforcement.cli:inspections"}

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import dashboard, demo, facility, home, menu, refdata, sitemaps, yearly
        from gongkai.core.roles import Role, grant
        from gongkai.enforcement import cards
        from gongkai.enforcement import demo as demo_data
        from gongkai.enforcement import facility as sections
        from gongkai.enforcement import refdata as pools
        from gongkai.enforcement import sitemaps as maps
        from gongkai.enforcement.home import CARD as HOME_CARD
        from gongkai.enforcement.yearly import CONTRIBUTOR
        from gongkai.workcalendar.services import calendar_changed

        grant(Role.ENFORCEMENT_OFFICER, *OFFICER_PERMISSIONS)
        grant(Role.LEADER, *LEADER_PERMISSIONS)
        for label, url, permission, order in (
            (_("处罚与强制决定"), "enforcement:staff_decisions", "enforcement.view_decision", 500),
            (_("双随机抽查"), "enforcement:staff_plans", "enforcement.view_drawplan", 510),
            (_("回避关系"), "enforcement:staff_conflicts", "enforcement.view_inspector", 515),
            (_("挂牌督办与曝光"), "enforcement:staff_listed", "enforcement.view_listedcase", 520),
            (_("督察整改"), "enforcement:staff_rectification", "enforcement.view_rectificationplan", 530),
        ):
            menu.register(menu.MenuEntry(SECTION, label, url, permission, order))
        menu.register_public_section(menu.PublicSection(SECTION, "enforcement:index", 400))
        for action, label in (
            ("enforcement.decision_create", _("录入处罚或强制决定")),
            ("enforcement.decision_update", _("修改处罚或强制决定")),
            ("enforcement.decision_publish", _("公示处罚或强制决定")),
            ("enforcement.decision_withdraw", _("撤回已公示的决定")),
            ("enforcement.decisions.export", _("导出处罚与强制决定（含自然人姓名）")),
            ("enforcement.decision_revoked", _("登记决定被变更、撤销或确认违法、无效")),
            ("enforcement.measure_release", _("解除查封、扣押")),
            ("enforcement.plan_create", _("新建双随机抽查计划")),
            ("enforcement.plan_commit", _("公布抽取承诺值")),
            ("enforcement.plan_draw", _("执行随机抽取")),
            ("enforcement.result_record", _("录入抽查结果")),
            ("enforcement.results_publish", _("公开抽查结果")),
            ("enforcement.conflict_add", _("新增回避关系")),
            ("enforcement.conflict_remove", _("删除回避关系")),
            ("enforcement.listed_create", _("新增挂牌督办或曝光")),
            ("enforcement.listed_close", _("挂牌督办销号")),
            ("enforcement.rectification_create", _("新建督察整改方案")),
            ("enforcement.problem_add", _("新增整改问题")),
            ("enforcement.problem_progress", _("报送整改进展")),
            ("enforcement.rectification_draft", _("生成整改方案或报告公开稿")),
            ("enforcement.creditchina_export", _("导出信用中国双公示数据")),
            ("enforcement.creditchina_push", _("推送信用中国双公示数据")),
        ):
            labels.register(action, label)
        for entry in pools.ENTRIES:
            refdata.register(entry)
        for card in cards.CARDS:
            dashboard.register(card)
        for section in sections.SECTIONS:
            facility.register(section)
        yearly.register(CONTRIBUTOR)
        home.register(HOME_CARD)
        from gongkai.core import piti
        from gongkai.enforcement.piti import INDICATOR as PITI

        piti.register(PITI)
        demo.register(demo_data.load_demo)
        for key, sitemap in maps.SITEMAPS.items():
            sitemaps.register(key, sitemap)
        calendar_changed.connect(recompute_due_dates, dispatch_uid="gongkai.enforcement.due_dates")


def recompute_due_dates(sender, years=(), **kwargs) -> None:
    """A calendar change recomputes the 双公示 due dates in the worker (never in the request)."""
    from gongkai.enforcement.tasks import recompute_due_dates_task

    recompute_due_dates_task(list(years))
