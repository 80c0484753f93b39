from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    name = "gongkai.workcalendar"
    label = "workcalendar"
    verbose_name = _("工作日历")
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"workdays": "gongkai.workcalendar.cli:workdays"}

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from gongkai.core import dashboard, menu
        from gongkai.workcalendar.cards import CARDS

        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="gongkai.workcalendar.seed")

        menu.register(
            menu.MenuEntry(
                _("系统管理"), _("工作日历"), "workcalendar:years", "workcalendar.view_calendaryear", 930
            )
        )
        for card in CARDS:
            dashboard.register(card)


def seed_after_migrate(sender, using="default", **kwargs) -> None:
    """A new database starts with the years the chinese-calendar package covers."""
    from gongkai.workcalendar.models import CalendarYear
    from gongkai.workcalendar.services import import_package_years

    if not CalendarYear.objects.using(using).exists():
        import_package_years(actor=None)
