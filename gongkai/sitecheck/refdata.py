"""The list of sensitive and commonly mistaken expressions, kept by staff in the console (core.refdata)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.refdata import RefData, RefDataForm
from gongkai.sitecheck.models import Expression


class ExpressionForm(RefDataForm):
    class Meta:
        model = Expression
        fields = ["text", "suggestion", "veto", "is_active"]
        error_messages = {"text": {"unique": _("该表述已在列表中。")}}


EXPRESSIONS = RefData(
    key="sitecheck-expressions",
    model=Expression,
    form=ExpressionForm,
    title=_("敏感和易错表述"),
    columns=("text", "suggestion", "veto", "is_active"),
    search=("text", "suggestion"),
    action="sitecheck.expression",
    order=40,
    help=_("网站自查每天在已公开页面中查找这些表述；不再检查的取消“启用”。"),
)
