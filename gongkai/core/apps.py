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
        connect_page_cache_invalidation(self)


def connect_page_cache_invalidation(config) -> None:
    """The public page cache (core.pagecache) is dropped after every state change: each service writes
    an audit record, the Django admin a LogEntry, a publication (also a late-data update of the air 日报)
    an announcement, and a deploy runs migrate."""
    from django.contrib.admin.models import LogEntry
    from django.db.models.signals import post_migrate, post_save

    from gongkai.audit.models import AuditRecord
    from gongkai.core import pagecache, publishing

    drop = pagecache.invalidate_on_commit
    post_save.connect(drop, sender=AuditRecord, dispatch_uid="gongkai.pagecache.audit")
    post_save.connect(drop, sender=LogEntry, dispatch_uid="gongkai.pagecache.admin")
    # After ensure_pages, which creates the database cache's table on a first migrate.
    post_migrate.connect(drop, sender=config, dispatch_uid="gongkai.pagecache.migrate")
    publishing.listen(pagecache.invalidate_after_announcement)


def ensure_pages(sender, using="default", **kwargs) -> None:
    """The 政府信息公开 column always has its 指南 and 制度 pages, empty until edited."""
    from django.core.management import call_command

    from gongkai.core.models import Page

    call_command("createcachetable", database=using, verbosity=0)  # the default cache without Redis
    for slug in Page.Slug:
        Page.objects.using(using).get_or_create(slug=slug.value, defaults={"title": str(slug.label)})
