"""The sensitive-word list (敏感词) as reference data (core.refdata): editors and administrators keep it
current; every change audited. No delete: clear 启用 instead."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.refdata import RefData, RefDataForm
from gongkai.interaction.models import SensitiveWord


class SensitiveWordForm(RefDataForm):
    class Meta:
        model = SensitiveWord
        fields = ["word", "category", "is_active"]
        error_messages = {"word": {"unique": _("该敏感词已在列表中。")}}


SENSITIVE_WORDS = RefData(
    key="interaction-sensitive-words",
    model=SensitiveWord,
    form=SensitiveWordForm,
    title=_("留言敏感词"),
    columns=("word", "category", "is_active"),
    search=("word", "category"),
    action="interaction.sensitive_word",
    order=40,
    help=_("留言、举报和征集意见含有启用的敏感词时，审核人员将看到命中的词；敏感词不会自动拒收。"),
)
