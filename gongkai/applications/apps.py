from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = _("依申请公开")
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"applications": "gongkai.applications.cli:applications"}

    def ready(self) -> None:
        from gongkai.applications import demo, tasks
        from gongkai.audit import labels
        from gongkai.audit import personal as audit_personal
        from gongkai.core import demo as core_demo
        from gongkai.core import menu, roles
        from gongkai.core.roles import Role
        from gongkai.workcalendar.services import calendar_changed

        view = "applications.view_application"
        roles.grant(
            Role.REQUEST_HANDLER,
            view,
            "applications.handle_application",
            "applications.view_applicant",
            "applications.view_statistics",
            "applications.manage_appeals",
            "applications.export_archive",
        )
        roles.grant(
            Role.LEGAL_REVIEWER,
            view,
            "applications.legal_review",
            "applications.view_statistics",
            "applications.manage_appeals",
        )
        roles.grant(
            Role.LEADER,
            view,
            "applications.approve_extension",
            "applications.sign_reply",
            "applications.view_statistics",
        )
        # The system administrator sees the cases but not the applicants' identity data, nor their
        # archives (三员分立, issue 11), and does not act on cases.
        roles.grant(Role.ADMINISTRATOR, view, "applications.view_statistics")

        section = _("依申请公开")
        for entry in (
            menu.MenuEntry(section, _("到期提醒"), "applications:dashboard", view, 300),
            menu.MenuEntry(section, _("申请办理"), "applications:cases", view, 301),
            menu.MenuEntry(
                section, _("登记申请"), "applications:register", "applications.handle_application", 302
            ),
            menu.MenuEntry(
                section, _("待法律审查"), "applications:legal_queue", "applications.legal_review", 303
            ),
            menu.MenuEntry(
                section, _("待审批签发"), "applications:approvals", "applications.approve_extension", 304
            ),
            menu.MenuEntry(section, _("复议诉讼"), "applications:appeals", view, 305),
            menu.MenuEntry(
                section, _("统计报表"), "applications:statistics", "applications.view_statistics", 306
            ),
        ):
            menu.register(entry)
        menu.register_public_section(
            menu.PublicSection(
                _("依申请公开"),
                "applications:guide",
                30,
                keywords=(_("申请公开"), _("信息公开申请"), _("依申请")),
            )
        )
        from gongkai.core import guide

        guide.register_channel(
            guide.GuideChannel(_("网上申请"), "applications:apply", _("在本网站在线填写申请"))
        )

        for action, label in AUDIT_LABELS.items():
            labels.register(action, label)
        for key, label in AUDIT_FIELDS.items():
            labels.register_field(key, label)
        # Whoever sees applicants in the console sees them in audit snapshots; others see masks.
        audit_personal.register(
            keys=("id_number", "phone", "address", "email"),
            viewers=("applications.view_applicant",),
        )
        core_demo.register(demo.load_demo_cases)
        from gongkai.applications.cards import CARDS
        from gongkai.core import dashboard

        for card in CARDS:
            dashboard.register(card)
        calendar_changed.connect(tasks.on_calendar_changed, dispatch_uid="gongkai.applications.recompute")
        from gongkai.applications.yearly import CONTRIBUTOR as YEARLY
        from gongkai.core import yearly

        yearly.register(YEARLY)
        from gongkai.applications.piti import INDICATOR as PITI
        from gongkai.core import piti

        piti.register(PITI)


AUDIT_LABELS = {
    # Reads of applicants' personal data (GB/T 22239-2019 8.1.4.3 a).
    "application.view_applicant": _("查看申请人身份信息"),
    "application.letter.download": _("下载答复书"),
    "application.attachment.download": _("下载申请材料附件"),
    "application.list.export": _("导出申请案件列表"),
    "application.submit": _("网上提交依申请公开申请"),
    "application.register": _("登记依申请公开申请"),
    "application.confirm": _("确认受理网上申请"),
    "application.backdate": _("补登申请（收到日期早于登记日）"),
    "application.void": _("作废网上申请"),
    "application.assign": _("调整经办人"),
    "application.attachment": _("上传申请附件"),
    "application.clock.supplement_requested": _("发出补正通知"),
    "application.clock.supplement_received": _("收到补正材料"),
    "application.clock.consultation_started": _("开始征求意见"),
    "application.clock.consultation_ended": _("征求意见结束"),
    "application.clock.extended": _("延长答复期限"),
    "application.clock.fee_notice_issued": _("发出收费通知"),
    "application.clock.fee_paid": _("缴纳信息处理费"),
    "application.clock.fee_waived": _("免收信息处理费"),
    "application.clock.later_deadline": _("确定合理的答复期限（条例第三十五条）"),
    "application.pieces": _("按一事一申请拆分件数"),
    "application.clock.replied": _("答复（送达）"),
    "application.clock.closed": _("终止办理"),
    "application.extension_request": _("提出延期申请"),
    "application.extension_decide": _("审批延期申请"),
    "application.fee_notice": _("计算信息处理费"),
    "application.reply_draft": _("起草答复书"),
    "application.reply_submit": _("提交法律审查"),
    "application.legal_review": _("答复前法律审查"),
    "application.reply_sign": _("签发答复书"),
    "application.deliver": _("送达答复书"),
    "application.close": _("终止办理申请"),
    "application.link": _("关联重复申请"),
    "application.unlink": _("取消关联重复申请"),
    "application.appeal": _("登记行政复议或诉讼"),
    "application.appeal_update": _("更新复议或诉讼结果"),
    "application.archive_export": _("导出案卷"),
    "application.archive": _("案卷归档（编档号）"),
    "application.notice_issue": _("出具编号告知书"),
    "application.notice.download": _("下载告知书"),
    "application.notice_review": _("告知书法律审查"),
    "application.demo": _("载入依申请公开演示案件"),
}


# The snapshot keys of the case's audit records that are not fields of the model recorded.
AUDIT_FIELDS = {
    "amount": _("金额（元）"),
    "approved": _("是否批准"),
    "attachments": _("附件"),
    "backdated_days": _("补记天数"),
    "body": _("正文"),
    "body_sha256": _("正文摘要（SHA-256）"),
    "case_number": _("案号"),
    "computed": _("计算金额（元）"),
    "content_type": _("文件类型"),
    "day": _("日期"),
    "days": _("天数"),
    "decided_on": _("决定日期"),
    "decision": _("决定"),
    "delivered": _("送达日期"),
    "delivered_on": _("送达日期"),
    "document_number": _("文号"),
    "due": _("期限"),
    "deadline": _("期限"),
    "earlier_this_month": _("本月此前件数"),
    "event": _("事件"),
    "filed_on": _("收到日期"),
    "issued_on": _("发出日期"),
    "kind": _("类型"),
    "label": _("名称"),
    "late": _("是否逾期"),
    "limit": _("期限"),
    "material": _("材料"),
    "method": _("方式"),
    "notice_received": _("收到通知的日期"),
    "pdf_sha256": _("PDF摘要（SHA-256）"),
    "registered_on": _("登记日期"),
    "related": _("关联申请"),
    "result": _("结果"),
    "route": _("途径"),
    "rule": _("收到申请之日的认定规则"),
    "sha256": _("摘要（SHA-256）"),
    "signed_on": _("签发日期"),
    "size": _("大小（字节）"),
    "state": _("状态"),
    "supplement_deadline": _("补正期限"),
    "warnings": _("提示"),
    "workdays": _("工作日数"),
}
