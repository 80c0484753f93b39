"""The shared guards of core.errors: services check permissions themselves; views put a refused
step on the field it concerns, or above the form."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import PermissionDenied

from gongkai.core.errors import DomainError, add_to_form, require_permission
from gongkai.core.roles import Role


class ReasonForm(forms.Form):
    reason = forms.CharField()


@pytest.mark.django_db
def test_require_permission_refuses_the_system_and_users_without_it(make_staff):
    editor = make_staff(Role.EDITOR.value)
    with pytest.raises(PermissionDenied):
        require_permission(None, "core.add_user")
    with pytest.raises(PermissionDenied):
        require_permission(editor, "core.add_user")
    require_permission(make_staff(Role.ADMINISTRATOR.value), "core.add_user")


def test_a_domain_error_goes_on_its_field_or_above_the_form():
    form = ReasonForm({"reason": "x"})
    assert form.is_valid()
    add_to_form(form, DomainError("理由太短。", field="reason"))
    add_to_form(form, DomainError("文件已发布。", field="status"))  # no such field: above the form
    add_to_form(form, DomainError("请稍后再试。"))
    assert form.errors["reason"] == ["理由太短。"]
    assert form.non_field_errors() == ["文件已发布。", "请稍后再试。"]
