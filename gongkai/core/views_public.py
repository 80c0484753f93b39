"""The public site shell: home, the 政府信息公开 column, sitemap, robots, error pages."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from gongkai.core import guide, sitemaps
from gongkai.core import home as home_cards
from gongkai.core.models import Organisation, Page


@require_safe
def home(request):
    """The home page: the platform's column card and every app's registered card (core.home)."""
    return render(
        request,
        "core/home.html",
        {
            "pages": Page.objects.all(),
            "cards": home_cards.cards_for(request),
            "feeds": home_cards.feeds(),
            "stylesheets": home_cards.stylesheets(),
        },
    )


@require_safe
def disclosure_index(request):
    return render(request, "core/disclosure_index.html", {"pages": Page.objects.all()})


@require_safe
def page(request, slug: str):
    page = get_object_or_404(Page, slug=slug)
    if slug == Page.Slug.GUIDE:
        return _guide(request, page)
    return render(request, "core/page.html", {"page": page})


def _guide(request, page: Page):
    """The 指南 is generated from the organisation settings (core.guide); the edited body follows
    as 其他事项."""
    organisation = Organisation.current()
    return render(
        request,
        "core/guide.html",
        {
            "page": page,
            "office": guide.office(organisation),
            "offline_channels": guide.offline_channels(organisation),
            "online_channels": guide.online_channels(),
            "feeds": home_cards.feeds(),
        },
    )


@require_safe
def sitemap_page(request):
    """网站地图 for people: the navigation (home, the 政府信息公开 column, every public section) and the
    sitemap sections that offer an HTML listing (core.sitemaps.html_sections)."""
    return render(
        request,
        "core/sitemap.html",
        {"pages": Page.objects.all(), "groups": sitemaps.html_sections()},
    )


def _safe_next(request, fallback: str = "/") -> str:
    target = (
        request.POST.get("next") or request.GET.get("next") or request.META.get("HTTP_REFERER") or fallback
    )
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return fallback
    return target


@require_POST
def toggle_elder_mode(request):
    """适老化: larger type and higher contrast, remembered in a cookie; works without JavaScript."""
    response = HttpResponseRedirect(_safe_next(request))
    if request.COOKIES.get("gk_elder") == "1":
        response.delete_cookie("gk_elder")
    else:
        response.set_cookie(
            "gk_elder", "1", max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
        )
    return response


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /staff/", "Disallow: /admin/", "Disallow: /accounts/"]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon is the static SVG."""
    from django.templatetags.static import static

    response = HttpResponseRedirect(static("gongkai/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
