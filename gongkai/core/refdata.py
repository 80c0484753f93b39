"""Reference data in the staff console (基础数据): the tables a bureau sets up once and then keeps
current — air regions and monitoring stations today, water sections, enterprises and outlets later.

An app declares one `RefData` per table and registers it in `AppConfig.ready`; the platform then
gives it a list, a create and an edit page under /staff/refdata/<key>/, a menu entry under 基础数据,
and an audit record for every write (`save`). The entry's permissions guard each page: `view_*` the
list, `add_*` the create page, `change_*` the edit page (the model's own permissions by default).
Validation lives in the entry's form (a `RefDataForm`, whose text fields are normalised) and in the
model (`full_clean` runs again inside the transaction, so a code taken meanwhile is still refused).

There is no delete: rows are referenced by measurements, so a station is retired by its end date."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from gongkai.audit import labels
from gongkai.audit import services as audit
from gongkai.core import menu
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error, require
from gongkai.core.listing import paginate

SECTION = _("基础数据")


def normalise_text(value: str) -> str:
    """NFKC (full-width digits and letters become ASCII), trimmed; refuses control, bidi and
    zero-width characters (Unicode categories Cc and Cf), which no reference value needs."""
    value = unicodedata.normalize("NFKC", value).strip()
    if any(unicodedata.category(char) in {"Cc", "Cf"} for char in value):
        raise ValidationError(_("含有不可见的控制字符，请删除后重新输入。"), code="control")
    return value


class RefDataForm(forms.ModelForm):
    """Base of every reference-data form: each text field's value is normalised (`normalise_text`)
    as the field reads it, before its validators and the form's clean_<field> methods see it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():  # the form's own copies of the fields
            if isinstance(form_field, forms.CharField):
                read = form_field.to_python
                form_field.to_python = lambda value, read=read: normalise_text(read(value))


@dataclass(frozen=True)
class RefData:
    """key: the URL segment (/staff/refdata/<key>/); model and form (a RefDataForm); title: the
    table's name (menu, headings, audit labels); columns: the fields the list shows; search: the
    fields the list's keyword searches; action: the audit action prefix ("air.station" →
    "air.station.create" / ".update"); permissions default to the model's view/add/change."""

    key: str
    model: type[models.Model]
    form: type[RefDataForm]
    title: str | Promise
    columns: tuple[str, ...]
    action: str
    search: tuple[str, ...] = ()
    order: int = 0  # among the 基础数据 menu entries, 0–50
    help: str | Promise = ""
    permissions: dict[str, str] = field(default_factory=dict)

    def permission(self, what: str) -> str:
        """what: "view", "add" or "change"."""
        meta = self.model._meta
        return self.permissions.get(what) or f"{meta.app_label}.{what}_{meta.model_name}"

    @property
    def url_name(self) -> str:
        return f"refdata:{self.key}"


_entries: dict[str, RefData] = {}


def register(entry: RefData) -> None:
    """Register a table: its pages (gongkai/urls.py reads the registry), its menu entry and its audit
    labels. Registering the same entry again changes nothing; another one under the key raises."""
    if _entries.get(entry.key, entry) != entry:
        raise ValueError(f"reference data {entry.key!r} is already registered")
    _entries[entry.key] = entry
    menu.register(
        menu.MenuEntry(
            SECTION, entry.title, entry.url_name, entry.permission("view"), 940 + min(entry.order, 50)
        )
    )
    labels.register(f"{entry.action}.create", format_lazy(_("新增{name}"), name=entry.title))
    labels.register(f"{entry.action}.update", format_lazy(_("修改{name}"), name=entry.title))


def entries() -> list[RefData]:
    return sorted(_entries.values(), key=lambda entry: (entry.order, entry.key))


# --- the one write path -----------------------------------------------------------------------


def _snapshot(entry: RefData, instance: models.Model) -> dict:
    return audit.model_snapshot(instance, list(entry.form._meta.fields or []) or None)


@transaction.atomic
def save(*, actor, entry: RefData, instance: models.Model | None = None, data: dict) -> models.Model:
    """Create (instance None) or change a row with the form's cleaned `data`; validated again by the
    model, audited with the fields that changed. Raises PermissionDenied or DomainError."""
    creating = instance is None
    require(actor, entry.permission("add" if creating else "change"))
    if creating:
        instance, before = entry.model(), {}
    else:
        instance = entry.model.objects.select_for_update().get(pk=instance.pk)
        before = _snapshot(entry, instance)
    for name, value in data.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
        with transaction.atomic():  # a concurrent insert of the same code still ends as a message
            instance.save()
    except ValidationError as error:
        field_name = next(iter(error.message_dict), None) if hasattr(error, "error_dict") else None
        raise DomainError(" ".join(error.messages), field=field_name) from None
    except IntegrityError:
        raise DomainError(gettext("与已有记录重复，请检查编码。")) from None
    instance.refresh_from_db()  # compare stored values: 116.4 typed is 116.400000 stored
    after = _snapshot(entry, instance)
    if creating:
        audit.record(actor=actor, action=f"{entry.action}.create", target=instance, after=after)
    else:
        audit.record_change(
            actor=actor,
            action=f"{entry.action}.update",
            target=instance,
            before=before,
            after=after,
            skip_unchanged=True,
        )
    return instance


# --- pages ------------------------------------------------------------------------------------


def _cell(instance: models.Model, name: str):
    display = getattr(instance, f"get_{name}_display", None)
    value = display() if display else getattr(instance, name)
    return "" if value is None else value


def _list_view(entry: RefData):
    @staff_view(entry.permission("view"))
    def view(request):
        rows = entry.model.objects.all()
        query = request.GET.get("q", "").strip()
        if query and entry.search:
            condition = Q()
            for name in entry.search:
                condition |= Q(**{f"{name}__icontains": query})
            rows = rows.filter(condition)
        page = paginate(request, rows)
        page.rows = [(row, [_cell(row, name) for name in entry.columns]) for row in page.object_list]
        headers = [entry.model._meta.get_field(name).verbose_name for name in entry.columns]
        can_add = request.user.has_perm(entry.permission("add"))
        can_change = request.user.has_perm(entry.permission("change"))
        return render(
            request,
            "core/staff/refdata_list.html",
            {"entry": entry, "page": page, "headers": headers, "can_add": can_add, "can_change": can_change},
        )

    return view


def _form_view(entry: RefData, *, creating: bool):
    @staff_view(entry.permission("add" if creating else "change"))
    @require_http_methods(["GET", "POST"])
    def view(request, pk: int | None = None):
        instance = None if creating else get_object_or_404(entry.model, pk=pk)
        form = entry.form(request.POST or None, instance=instance)
        if request.method == "POST" and form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                saved = save(actor=request.user, entry=entry, instance=instance, data=data)
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, gettext("已保存：%(row)s") % {"row": saved})
                return redirect(entry.url_name)
        return render(
            request,
            "core/staff/refdata_form.html",
            {"entry": entry, "form": form, "instance": instance},
        )

    return view


def urlpatterns() -> list:
    """/staff/refdata/<key>/ (list), …/new/ and …/<pk>/ of every registered table, each guarded by
    its own permission (so the permission tests find them like any other staff page)."""
    patterns = []
    for entry in entries():
        patterns += [
            path(f"{entry.key}/", _list_view(entry), name=entry.key),
            path(f"{entry.key}/new/", _form_view(entry, creating=True), name=f"{entry.key}_new"),
            path(f"{entry.key}/<int:pk>/", _form_view(entry, creating=False), name=f"{entry.key}_edit"),
        ]
    return patterns
