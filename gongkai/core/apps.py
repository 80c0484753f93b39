from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = _("平台基础")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from gongkai.core import menu, roles, sitemaps

        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="gongkai.sync_roles")
        post_migrate.connect(ensure_pages, sender=self, dispatch_uid="gongkai.ensure_pages")
        menu.register_core_entries()
        sitemaps.register_core_sections()


def ensure_pages(sender, using="default", **kwargs) -> None:
    """The 政府信息公开 column always has its 指南 and 制度 pages, empty until edited."""
    from django.core.management import call_command

    from gongkai.core.models import Page

    call_command("createcachetable", database=using, verbosity=0)  # the default cache without Redis
    for slug in Page.Slug:
        Page.objects.using(using).get_or_create(slug=slug.value, defaults={"title": str(slug.label)})
