from django.apps import apps
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView

from gongkai.api import api
from gongkai.core import refdata, sitemaps

admin.site.site_header = "gongkai 参考数据管理"
admin.site.site_title = "gongkai"

urlpatterns = [
    path("", include("gongkai.core.urls")),
    path("", include("gongkai.disclosure.urls")),
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.air.urls")),
    path("", include("gongkai.water.urls")),
    path("", include("gongkai.sources.urls")),
    # An app added later declares `urlconf = "pkg.urls"` on its AppConfig instead of an entry here.
    *(
        path("", include(config.urlconf))
        for config in apps.get_app_configs()
        if getattr(config, "urlconf", None)
    ),
    path("staff/audit/", include("gongkai.audit.urls")),
    path("captcha/", include("captcha.urls")),
    path("staff/calendar/", include("gongkai.workcalendar.urls")),
    path("staff/intake/", include("gongkai.intake.urls")),
    # The pages of every reference-data table registered in an AppConfig.ready (core.refdata.register).
    path("staff/refdata/", include((refdata.urlpatterns(), "refdata"))),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Every section registered in an AppConfig.ready (core.sitemaps.register).
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps.SECTIONS}, name="sitemap"),
    # The admin's own password change is neither audited nor subject to the first-login rule: the
    # console's audited view (same validators, password history) serves it.
    path("admin/password_change/", RedirectView.as_view(pattern_name="core:password_change")),
    path("admin/", admin.site.urls),
]

handler403 = "gongkai.core.views_public.error_403"
handler404 = "gongkai.core.views_public.error_404"
handler500 = "gongkai.core.views_public.error_500"
