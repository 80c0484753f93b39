"""The guards every app shares (core/errors.py): permission, a refusal on a form, the report year."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import timezone

from gongkai.core.errors import MAX_YEAR, MIN_YEAR, DomainError, check_year, form_error, report_year, require


class _Actor:
    def __init__(self, *perms: str):
        self.perms = set(perms)

    def has_perm(self, permission: str) -> bool:
        return permission in self.perms


def test_require_refuses_nobody_and_the_actor_without_the_permission():
    require(_Actor("app.do"), "app.do")
    for actor in (None, _Actor("app.other")):
        with pytest.raises(PermissionDenied):
            require(actor, "app.do")


class _Form(forms.Form):
    name = forms.CharField()


@pytest.mark.parametrize(("field", "where"), [("name", "name"), ("missing", "__all__"), (None, "__all__")])
def test_form_error_puts_the_message_on_the_named_field_or_above_the_form(field, where):
    form = _Form({"name": "x"})
    assert form.is_valid()
    form_error(form, DomainError("不行。", field=field))
    assert form.errors == {where: ["不行。"]}


@pytest.mark.parametrize("year", [MIN_YEAR, 2026, MAX_YEAR])
def test_check_year_accepts_the_range(year):
    assert check_year(year) == year


@pytest.mark.parametrize("year", [MIN_YEAR - 1, MAX_YEAR + 1, 0, -2026])
def test_check_year_refuses_outside_the_range_in_chinese(year):
    with pytest.raises(DomainError) as raised:
        check_year(year)
    assert raised.value.message == f"年份应在{MIN_YEAR}至{MAX_YEAR}之间。"
    assert raised.value.field == "year"


@pytest.mark.parametrize(
    ("query", "expected"),
    [({"year": "2024"}, 2024), ({}, None), ({"year": "abc"}, None), ({"year": "1999"}, None),
     ({"year": "2101"}, None), ({"year": ""}, None), ({"y": "2024"}, None)],
)  # fmt: skip
def test_report_year_reads_the_query_and_falls_back_to_the_default(query, expected):
    request = RequestFactory().get("/", query)
    assert report_year(request.GET) == (expected or timezone.localdate().year)
    assert report_year(request.GET, default=2030) == (expected or 2030)
    assert report_year(query, default=2030) == (expected or 2030)  # any mapping
    assert report_year({"y": "2024"}, param="y") == 2024
