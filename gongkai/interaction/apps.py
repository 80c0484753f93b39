from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = _("互动交流")
    urlconf = "gongkai.interaction.urls"

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import dashboard, demo, home, menu, refdata, sitemaps, yearly
        from gongkai.core.roles import Role, grant
        from gongkai.interaction import tasks
        from gongkai.interaction.cards import CARDS
        from gongkai.interaction.demo import load_demo
        from gongkai.interaction.home import CARD
        from gongkai.interaction.refdata import SENSITIVE_WORDS
        from gongkai.interaction.sitemaps import SITEMAPS
        from gongkai.interaction.yearly import CONTRIBUTOR
        from gongkai.workcalendar.services import calendar_changed

        view = "interaction.view_message"
        words = (
            "interaction.view_sensitiveword",
            "interaction.add_sensitiveword",
            "interaction.change_sensitiveword",
        )
        # 信息编辑 run the site's interaction columns: moderation, routing, consultations, press, new media.
        grant(
            Role.EDITOR,
            view,
            "interaction.moderate_message",
            "interaction.assign_message",
            "interaction.reply_message",
            "interaction.transfer_message",
            "interaction.manage_consultation",
            "interaction.manage_pressevent",
            "interaction.manage_opinionitem",
            "interaction.manage_publication",
            *words,
        )
        grant(
            Role.ADMINISTRATOR,
            *words,
            "core.view_notification",
            "interaction.add_districtmap",
            "interaction.view_districtmap",
        )
        grant(Role.EDITOR, "core.view_notification")
        grant(Role.REQUEST_HANDLER, view, "interaction.reply_message")  # handlers in the departments
        grant(
            Role.LEADER,
            view,
            "interaction.oversee_message",
            "interaction.view_caselead",
            "interaction.manage_opinionitem",
        )
        grant(Role.ENFORCEMENT_OFFICER, "interaction.view_caselead", "interaction.change_caselead")

        section = _("互动交流")
        for label, url, permission, order in (
            (_("留言和举报"), "interaction:staff_messages", view, 600),
            (_("督办总览"), "interaction:staff_overview", "interaction.oversee_message", 601),
            (_("月度统计"), "interaction:staff_statistics", "interaction.oversee_message", 602),
            (_("举报线索"), "interaction:staff_leads", "interaction.view_caselead", 603),
            (_("意见征集"), "interaction:staff_consultations", "interaction.manage_consultation", 604),
            (_("新闻发布会和访谈"), "interaction:staff_press", "interaction.manage_pressevent", 605),
            (_("舆情"), "interaction:staff_opinions", "interaction.manage_opinionitem", 606),
            (_("新媒体发布"), "interaction:staff_publications", "interaction.manage_publication", 607),
            (_("通知发送记录"), "interaction:staff_notifications", "core.view_notification", 608),
            (_("举报地图"), "interaction:staff_map", view, 609),
            (_("区县地图"), "interaction:staff_map_upload", "interaction.add_districtmap", 610),
        ):
            menu.register(menu.MenuEntry(section, label, url, permission, order))
        menu.register_public_section(menu.PublicSection(_("互动交流"), "interaction:index", 500))
        # The uploaded district boundaries are the platform's district map (the air map draws them too).
        from gongkai.core import districtmap
        from gongkai.interaction.models import DistrictMap

        districtmap.register(
            districtmap.DistrictMapSource("interaction:district_map", lambda: DistrictMap.objects.exists())
        )

        for action, label in AUDIT_LABELS.items():
            labels.register(action, label)
        for card in CARDS:
            dashboard.register(card)
        home.register(CARD)
        refdata.register(SENSITIVE_WORDS)
        yearly.register(CONTRIBUTOR)
        demo.register(load_demo)
        for key, sitemap in SITEMAPS.items():
            sitemaps.register(key, sitemap)
        calendar_changed.connect(tasks.on_calendar_changed, dispatch_uid="gongkai.interaction.recompute")
        from gongkai.core import sitechecks
        from gongkai.interaction.sitecheck import CHECK as SITECHECK

        sitechecks.register_check(SITECHECK)
        from gongkai.core import piti
        from gongkai.interaction.piti import INDICATOR as PITI

        piti.register(PITI)
        from gongkai.core import publishing
        from gongkai.interaction.services import publication_from_announcement

        publishing.listen(publication_from_announcement)  # the unified feed and its new-media texts


AUDIT_LABELS = {
    "interaction.message_submit": _("提交留言或举报"),
    "interaction.message_moderate": _("审核留言"),
    "interaction.message_assign": _("分办留言"),
    "interaction.message_reply": _("答复留言"),
    "interaction.message_publish": _("公开留言答复"),
    "interaction.message_withdraw": _("撤回公开的留言"),
    "interaction.message_rate": _("评价留言答复"),
    "interaction.lead_transfer": _("移交举报线索"),
    "interaction.lead_acknowledge": _("接收举报线索"),
    "interaction.consultation_create": _("新建意见征集"),
    "interaction.consultation_update": _("修改意见征集"),
    "interaction.consultation_open": _("发布意见征集"),
    "interaction.consultation_feedback": _("公布意见采纳情况"),
    "interaction.comment_submit": _("提交征集意见"),
    "interaction.comment_moderate": _("审核征集意见"),
    "interaction.comment_adoption": _("填写意见采纳情况"),
    "interaction.press_save": _("保存新闻发布会或在线访谈"),
    "interaction.press_plan": _("安排例行新闻发布会"),
    "interaction.opinion_save": _("保存舆情"),
    "interaction.publication_save": _("保存新媒体发布"),
    "interaction.publication_publish": _("发布新媒体内容"),
    "interaction.publication_post": _("推送新媒体内容"),
    "interaction.publication_announced": _("由发布记录生成新媒体内容"),
    "interaction.district_map_upload": _("上传区县地图"),
    "interaction.demo_load": _("载入互动交流演示数据"),
}
