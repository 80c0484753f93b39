from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Who does what (core.roles.grant, applied by the next migrate):
# - 执法人员 (enforcement officer) and 信息编辑 (editor) enter projects and notices and publish them;
# - 保密审查员 (reviewer) moderates the public's comments and alone may publish past a privacy hit with
#   a reason (eia.override_privacy); it also sees the notices it judges;
# - 执法人员 and 保密审查员 answer comments and see who sent them (eia.view_commenter);
# - 分管领导 (leader) reads everything; administrators set nothing up here (separation of duties).
ENTER = ("eia.view_project", "eia.add_project", "eia.change_project", "eia.add_notice", "eia.change_notice")
AUDIT_LABELS = {
    "eia.project_create": _("新增建设项目"),
    "eia.project_update": _("修改建设项目"),
    "eia.notice_create": _("新增环评公示草稿"),
    "eia.notice_update": _("修改环评公示草稿"),
    "eia.notice_publish": _("发布环评公示"),
    "eia.notice_correct": _("更正环评公示"),
    "eia.comment_submit": _("公众提交环评意见"),
    "eia.comment_moderate": _("审核环评公众意见"),
    "eia.comment_answer": _("答复环评公众意见"),
    "eia.comment_export": _("导出环评公众意见"),
}


class EiaConfig(AppConfig):
    name = "gongkai.eia"
    label = "eia"
    verbose_name = _("环境影响评价公示")
    urlconf = "gongkai.eia.urls"

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import dashboard, demo, facility, home, menu, sitemaps
        from gongkai.core.roles import Role, grant
        from gongkai.eia import tasks
        from gongkai.eia.cards import CARDS
        from gongkai.eia.demo import load_demo
        from gongkai.eia.facility import SECTION
        from gongkai.eia.home import CARD
        from gongkai.eia.sitemaps import ProjectSitemap
        from gongkai.workcalendar.services import calendar_changed

        grant(
            Role.ENFORCEMENT_OFFICER, *ENTER, "eia.publish_notice", "eia.view_comment", "eia.answer_comment"
        )
        grant(Role.ENFORCEMENT_OFFICER, "eia.view_commenter")
        grant(Role.EDITOR, *ENTER, "eia.publish_notice", "eia.view_comment")
        grant(
            Role.REVIEWER,
            "eia.view_project",
            "eia.view_comment",
            "eia.moderate_comment",
            "eia.answer_comment",
            "eia.override_privacy",
            "eia.publish_notice",
            "eia.view_commenter",
        )
        grant(Role.LEADER, "eia.view_project", "eia.view_comment")

        section = _("环评公示")
        menu.register(menu.MenuEntry(section, _("建设项目"), "eia:staff_projects", "eia.view_project", 400))
        menu.register(menu.MenuEntry(section, _("公众意见"), "eia:staff_comments", "eia.view_comment", 405))
        menu.register_public_section(menu.PublicSection(_("环评公示"), "eia:index", 320))
        for action, label in AUDIT_LABELS.items():
            labels.register(action, label)
        for card in CARDS:
            dashboard.register(card)
        home.register(CARD)
        facility.register(SECTION)
        sitemaps.register("eia-projects", ProjectSitemap)
        demo.register(load_demo)
        calendar_changed.connect(tasks.on_calendar_changed, dispatch_uid="gongkai.eia.recompute")

        from gongkai.core import piti
        from gongkai.eia.piti import INDICATOR as PITI

        piti.register(PITI)
