from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last sign of life of a background process or the last run of a periodic job:
    "worker" is written every minute by the worker; "periodic:<task>" after each scheduled run.
    Kept in the database so that every web server sees every worker, with or without Redis."""

    name = models.CharField(_("名称"), max_length=200, primary_key=True)
    at = models.DateTimeField(_("时间"))
    ok = models.BooleanField(_("成功"), default=True)
    detail = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("运行心跳")
        verbose_name_plural = _("运行心跳")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"
