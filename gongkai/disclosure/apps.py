from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    label = "disclosure"
    verbose_name = _("主动公开")
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"disclosure": "gongkai.disclosure.cli:disclosure"}

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import demo, menu, roles, sitemaps
        from gongkai.core.roles import Role
        from gongkai.workcalendar.services import calendar_changed

        section = _("主动公开")
        for entry in (
            (_("公开工作概览"), "disclosure:staff_dashboard", "disclosure.view_document", 300),
            (_("拟稿"), "disclosure:staff_document_new", "disclosure.add_document", 305),
            (_("公开文件"), "disclosure:staff_documents", "disclosure.view_document", 310),
            (_("基本目录"), "disclosure:staff_catalogue", "disclosure.view_catalogueitem", 320),
            (_("公开时效"), "disclosure:staff_timeliness", "disclosure.view_timeliness", 330),
            (_("年报数据（表二）"), "disclosure:staff_figures", "disclosure.view_figures", 340),
            (_("历史信息导入"), "disclosure:staff_import", "disclosure.import_document", 350),
            (_("历史信息批量审查"), "disclosure:staff_legacy_batches", "disclosure.view_legacybatch", 355),
        ):
            label, url_name, permission, order = entry
            menu.register(menu.MenuEntry(section, label, url_name, permission, order))
        menu.register_public_section(menu.PublicSection(_("主动公开"), "disclosure:index", 10))
        menu.register_public_section(menu.PublicSection(_("信息检索"), "disclosure:search", 11))
        from gongkai.disclosure.sitemaps import CatalogueSitemap, DocumentSitemap

        sitemaps.register("catalogue", CatalogueSitemap)
        sitemaps.register("documents", DocumentSitemap)

        viewing = ("disclosure.view_document", "disclosure.view_catalogueitem")
        roles.grant(Role.EDITOR, *viewing, "disclosure.add_document", "disclosure.change_document")
        roles.grant(Role.EDITOR, "disclosure.view_timeliness")
        roles.grant(Role.REVIEWER, *viewing, "disclosure.review_document", "disclosure.view_legacybatch")
        roles.grant(
            Role.LEADER,
            *viewing,
            "disclosure.approve_document",
            "disclosure.withdraw_document",
            "disclosure.view_timeliness",
            "disclosure.view_figures",
            "disclosure.freeze_figures",
        )
        roles.grant(
            Role.ADMINISTRATOR,
            *viewing,
            "disclosure.add_catalogueitem",
            "disclosure.change_catalogueitem",
            "disclosure.delete_catalogueitem",
            "disclosure.import_catalogueitem",
            "disclosure.import_document",
            "disclosure.view_legacybatch",
            "disclosure.view_timeliness",
            "disclosure.view_figures",
            "disclosure.freeze_figures",
        )

        from gongkai.disclosure.importing import process_legacy_job
        from gongkai.intake import registry

        registry.register(
            registry.Importer(
                key="disclosure.legacy",
                label=_("历史信息导入"),
                permission="disclosure.import_document",
                process=process_legacy_job,
                mode=registry.ALL_OR_NOTHING,
                max_rows=20_000,
                upload_url="disclosure:staff_import",
            )
        )
        demo.register(load_demo)
        demo.register(load_demo_volume, volume=True)
        from gongkai.core import dashboard
        from gongkai.disclosure.cards import CARDS

        for card in CARDS:
            dashboard.register(card)
        from gongkai.core import home
        from gongkai.disclosure.home import CARDS as HOME_CARDS

        for card in HOME_CARDS:
            home.register(card)
        for action, label in AUDIT_LABELS.items():
            labels.register(action, label)
        calendar_changed.connect(recompute_timeliness, dispatch_uid="gongkai.disclosure.timeliness")
        from gongkai.core import publishing

        publishing.register(publishing.Publisher(draft=_draft, status=_draft_status))
        from gongkai.core import yearly
        from gongkai.disclosure.yearly import CONTRIBUTOR as YEARLY

        yearly.register(YEARLY)
        from gongkai.core import sitechecks
        from gongkai.disclosure.sitecheck import SOURCE as SITECHECK_COLUMNS

        sitechecks.register_columns(SITECHECK_COLUMNS)


# Imported when called, not at startup: the services pull in the file extractors (pypdf, python-docx).
def _draft(**kwargs):
    from gongkai.disclosure.publishing import draft

    return draft(**kwargs)


def _draft_status(document_id: int):
    from gongkai.disclosure.publishing import status

    return status(document_id)


def load_demo_volume() -> None:
    from gongkai.disclosure.demo_volume import load

    load()


def load_demo() -> None:
    from gongkai.disclosure.demo import load

    load()


def recompute_timeliness(sender, years=(), **kwargs) -> None:
    from gongkai.disclosure.services import on_calendar_changed

    on_calendar_changed(sender, years=years, **kwargs)


AUDIT_LABELS = {
    "disclosure.document.create": _("拟稿"),
    "disclosure.document.drafted_from": _("由其他模块生成草稿"),
    "disclosure.document.update": _("修改草稿"),
    "disclosure.attachment.add": _("上传附件"),
    "disclosure.attachment.remove": _("删除附件"),
    "disclosure.document.submit": _("提交保密审查"),
    "disclosure.document.return": _("退回修改"),
    "disclosure.document.recall": _("编辑撤回提交"),
    "disclosure.attachment.update": _("修改附件标题和排序"),
    "disclosure.privacy.redact": _("隐私信息脱敏"),
    "disclosure.privacy.override": _("隐私信息保留公开"),
    "disclosure.document.review": _("保密审查通过"),
    "disclosure.document.approve": _("领导审批发布"),
    "disclosure.document.schedule": _("领导审批定时发布"),
    "disclosure.document.publish": _("发布公开文件"),
    "disclosure.document.withdraw": _("撤回公开文件"),
    "disclosure.document.replace": _("撤回并发布更正文件"),
    "disclosure.figures.freeze": _("锁定年报表二数据"),
    "disclosure.revision.start": _("发起修订"),
    "disclosure.revision.publish": _("发布修订"),
    "disclosure.catalogue.create": _("新增目录事项"),
    "disclosure.catalogue.update": _("修改目录事项"),
    "disclosure.catalogue.delete": _("删除目录事项"),
    "disclosure.catalogue.import": _("导入基本目录"),
    "disclosure.import": _("批量导入历史信息"),
}
