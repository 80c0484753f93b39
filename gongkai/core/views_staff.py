"""The staff console (工作台): accounts, organisation settings, column pages. Thin views: every
change goes through gongkai.core.services."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.audit.queries import actions_by
from gongkai.core import dashboard, login, services
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error
from gongkai.core.forms import (
    OrganisationForm,
    PageForm,
    PasswordChangeForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
    limit_account_form,
)
from gongkai.core.models import Organisation, Page, User
from gongkai.core.roles import ASSIGN_ROLES, role_label
from gongkai.core.user_lists import USERS


@staff_view()
def staff_home(request):
    recent = actions_by(request.user)[:10]
    return render(
        request,
        "core/staff/home.html",
        {
            "roles": [role_label(code) for code in request.user.role_codes],
            "cards": dashboard.cards_for(request.user),
            "bureau_overdue": dashboard.bureau_overdue(request.user),
            "due_soon_workdays": dashboard.DUE_SOON_WORKDAYS,
            "recent": recent,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_own_password(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("core:staff_home")
    return render(request, "core/staff/password_change.html", {"form": form})


# --- users ------------------------------------------------------------------------------------


@staff_view("core.view_user")
def user_list(request):
    return USERS.respond(request, "core/staff/user_list.html")


@staff_view("core.add_user")
@require_http_methods(["GET", "POST"])
def user_create(request):
    form = limit_account_form(UserCreateForm(request.POST or None), request.user)
    if request.method == "POST" and form.is_valid():
        data = {"roles": [], **form.cleaned_data}
        try:
            user = services.create_user(actor=request.user, **data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已创建用户 %(u)s，首次登录时须修改密码。") % {"u": user.username})
            return redirect("core:staff_users")
    return render(request, "core/staff/user_form.html", {"form": form, "creating": True})


@staff_view("core.view_user")
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    """The system administrator edits the account, the security administrator its roles."""
    if not (request.user.has_perm("core.change_user") or request.user.has_perm(ASSIGN_ROLES)):
        raise PermissionDenied
    user = get_object_or_404(User, pk=pk)
    initial = {
        "full_name": user.full_name,
        "department": user.department,
        "phone": user.phone,
        "email": user.email,
        "roles": user.role_codes,
        "is_active": user.is_active,
    }
    form = limit_account_form(UserEditForm(request.POST or None, initial=initial), request.user)
    reset_form = PasswordResetForm() if request.user.has_perm("core.change_user") else None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        roles = data.pop("roles", None)
        try:
            services.update_user(actor=request.user, user=user, roles=roles, **data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("core:staff_users")
    return render(
        request, "core/staff/user_form.html", {"form": form, "reset_form": reset_form, "edited": user}
    )


@staff_view("core.change_user")
@require_http_methods(["POST"])
def user_reset_password(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            services.reset_password(
                actor=request.user, user=user, new_password=form.cleaned_data["new_password"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已重置密码，用户下次登录时须修改。"))
    else:
        messages.error(request, _("请填写临时密码。"))
    return redirect("core:staff_user_edit", pk=user.pk)


# --- organisation and pages ---------------------------------------------------------------


@staff_view("core.view_organisation")
@require_http_methods(["GET", "POST"])
def organisation(request):
    current = Organisation.current()
    can_edit = request.user.has_perm("core.change_organisation")
    form = OrganisationForm(request.POST or None, instance=Organisation.current())
    if request.method == "POST":
        if not can_edit:
            return render(request, "403.html", status=403)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.fields}
            try:
                services.update_organisation(actor=request.user, **fields)
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("机构信息已保存。"))
                return redirect("core:staff_organisation")
    return render(
        request, "core/staff/organisation.html", {"form": form, "can_edit": can_edit, "current": current}
    )


@staff_view("core.change_page")
def page_list(request):
    return render(request, "core/staff/page_list.html", {"pages": Page.objects.all()})


@staff_view("core.change_page")
@require_http_methods(["GET", "POST"])
def page_edit(request, slug: str):
    page = get_object_or_404(Page, slug=slug)
    form = PageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_page(
                actor=request.user,
                page=Page.objects.get(pk=page.pk),
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("页面已保存并发布。"))
            return redirect("core:staff_pages")
    return render(request, "core/staff/page_form.html", {"form": form, "page": page})


# --- sign-in lockouts -------------------------------------------------------------------------


@staff_view("axes.view_accessattempt")
def lockout_list(request):
    return render(
        request,
        "core/staff/lockout_list.html",
        {"attempts": login.current_failures(), "limit": settings.AXES_FAILURE_LIMIT},
    )


@staff_view(services.LOCKOUT_PERMISSION)
@require_POST
def lockout_lift(request, pk):
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    services.lift_lockout(actor=request.user, attempt=attempt)
    messages.success(
        request, _("已解除 %(u)s（%(ip)s）的登录锁定。") % {"u": attempt.username, "ip": attempt.ip_address}
    )
    return redirect("core:staff_lockouts")
