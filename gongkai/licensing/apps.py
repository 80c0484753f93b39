from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "gongkai.licensing"
    label = "licensing"
    verbose_name = _("行政许可与企业依法披露")
    urlconf = "gongkai.licensing.urls"

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import dashboard, demo, facility, home, menu, refdata, sitemaps, yearly
        from gongkai.core.roles import Role, grant
        from gongkai.intake import registry
        from gongkai.licensing import cards, intake
        from gongkai.licensing.demo import load_demo
        from gongkai.licensing.facility import SECTION
        from gongkai.licensing.home import CARD as HOME_CARD
        from gongkai.licensing.refdata import CATEGORIES, CODES
        from gongkai.licensing.sitemaps import DecisionSitemap
        from gongkai.licensing.yearly import CONTRIBUTOR
        from gongkai.workcalendar.services import calendar_changed

        # 信息编辑 (the office that publishes) enters licences, 办件 and decisions and publishes them
        # (双公示). 执法人员 supervise enterprises' legal disclosure (办法 Art. 28 penalties follow from
        # it), so they keep the list of obliged enterprises and their reports. Leaders read everything;
        # administrators keep the 名录 reference data.
        licensing = (
            "licensing.view_decision",
            "licensing.add_decision",
            "licensing.change_decision",
            "licensing.publish_decision",
            "licensing.view_licence",
            "licensing.add_licence",
            "licensing.change_licence",
            "licensing.view_application",
            "licensing.add_application",
            "licensing.change_application",
            "licensing.view_creditpush",
            "licensing.add_creditpush",
        )
        disclosure = (
            "licensing.view_obligation",
            "licensing.add_obligation",
            "licensing.view_disclosurereport",
            "licensing.add_disclosurereport",
        )
        grant(Role.EDITOR, *licensing)
        # intake.view_apitoken: they hand enterprises the tokens of the disclosure importer.
        grant(
            Role.ENFORCEMENT_OFFICER,
            *disclosure,
            "licensing.view_decision",
            "licensing.view_licence",
            "intake.view_apitoken",
        )
        grant(
            Role.LEADER,
            *(p for p in licensing + disclosure if ".view_" in p),
        )
        grant(
            Role.ADMINISTRATOR,
            "licensing.view_wastecategory",
            "licensing.add_wastecategory",
            "licensing.change_wastecategory",
            "licensing.view_wastecode",
            "licensing.add_wastecode",
            "licensing.change_wastecode",
        )

        section = _("行政许可与企业依法披露")
        for entry in (
            menu.MenuEntry(
                section,
                _("行政许可决定（双公示）"),
                "licensing:staff_decisions",
                "licensing.view_decision",
                500,
            ),
            menu.MenuEntry(section, _("许可证"), "licensing:staff_licences", "licensing.view_licence", 505),
            menu.MenuEntry(
                section, _("许可办件"), "licensing:staff_applications", "licensing.view_application", 510
            ),
            menu.MenuEntry(
                section, _("企业依法披露"), "licensing:staff_obligations", "licensing.view_obligation", 515
            ),
        ):
            menu.register(entry)
        menu.register_public_section(menu.PublicSection(_("行政许可"), "licensing:decisions", 400))
        menu.register_public_section(
            menu.PublicSection(_("企业环境信息依法披露"), "licensing:obligations", 410)
        )

        for action, label in (
            ("licensing.decision_create", _("录入行政许可决定")),
            ("licensing.decision_update", _("修改未公示的行政许可决定")),
            ("licensing.decision_correct", _("更正已公示的行政许可决定")),
            ("licensing.decision_publish", _("公示行政许可决定")),
            ("licensing.licence_issue", _("核发许可证")),
            ("licensing.licence_change", _("变更许可证")),
            ("licensing.licence_renew", _("延续许可证")),
            ("licensing.licence_revoke", _("撤销许可证")),
            ("licensing.application_register", _("登记许可办件")),
            ("licensing.application_update", _("更新许可办件状态")),
            ("licensing.obligation_add", _("纳入依法披露企业名单")),
            ("licensing.report_record", _("登记企业依法披露报告")),
            ("licensing.token_bind", _("发放企业披露令牌")),
            ("licensing.creditchina_export", _("导出信用中国双公示数据")),
            ("licensing.waste_catalogue_import", _("导入国家危险废物名录")),
            ("licensing.creditchina_push", _("推送信用中国双公示数据")),
        ):
            labels.register(action, label)

        registry.register(
            registry.Importer(
                key=intake.IMPORTER,
                label=_("企业依法披露报告"),
                permission="licensing.add_disclosurereport",
                process=intake.process_reports,
                mode=registry.PER_ROW,
                api=True,
                upload_url="licensing:staff_report_upload",
            )
        )
        registry.register(
            registry.Importer(
                key=intake.OBLIGATIONS_IMPORTER,
                label=_("依法披露企业名单"),
                permission="licensing.add_obligation",
                process=intake.process_obligations,
                mode=registry.PER_ROW,
                upload_url="licensing:staff_obligation_upload",
            )
        )
        refdata.register(CATEGORIES)
        refdata.register(CODES)
        for card in cards.CARDS:
            dashboard.register(card)
        home.register(HOME_CARD)
        facility.register(SECTION)
        yearly.register(CONTRIBUTOR)
        sitemaps.register("licensing-decisions", DecisionSitemap)
        demo.register(load_demo)
        calendar_changed.connect(on_calendar_changed, dispatch_uid="gongkai.licensing.deadlines")


def on_calendar_changed(sender, years=(), **kwargs) -> None:
    """Receiver of workcalendar's calendar_changed: recompute the deadlines in the worker."""
    from gongkai.licensing.tasks import recompute_deadlines_task

    recompute_deadlines_task(list(years) or None)
