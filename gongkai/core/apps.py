from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = _("平台基础")
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"keys": "gongkai.core.keycli:keys"}

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from gongkai.core import dashboard, filemodes, menu, roles, sitemaps
        from gongkai.core.cards import CARDS

        connection_created.connect(filemodes.secure_sqlite, dispatch_uid="gongkai.secure_sqlite")

        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="gongkai.sync_roles")
        post_migrate.connect(ensure_pages, sender=self, dispatch_uid="gongkai.ensure_pages")
        menu.register_core_entries()
        sitemaps.register_core_sections()
        for card in CARDS:
            dashboard.register(card)


def ensure_pages(sender, using="default", **kwargs) -> None:
    """The 政府信息公开 column always has its 指南 and 制度 pages, empty until edited."""
    from django.core.management import call_command

    from gongkai.core.models import Page

    call_command("createcachetable", database=using, verbosity=0)  # the default cache without Redis
    for slug in Page.Slug:
        Page.objects.using(using).get_or_create(slug=slug.value, defaults={"title": str(slug.label)})
