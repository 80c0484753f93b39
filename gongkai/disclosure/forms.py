from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.disclosure import queries
from gongkai.disclosure.models import (
    Audience,
    CatalogueItem,
    Channel,
    DocType,
    Document,
    InterpretationForm,
    Method,
    Status,
    Subject,
    TimeLimitStart,
    Validity,
    may_issue_regulations,
)
from gongkai.disclosure.search.backends import DATE, RELEVANCE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=300)
    catalogue_item = forms.ModelChoiceField(
        label=_("目录事项"), queryset=CatalogueItem.objects.order_by("code")
    )
    issuing_organ = forms.CharField(label=_("发布机构"), max_length=100)
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    date_formed = forms.DateField(label=_("成文日期"), widget=DateInput())
    subject = forms.ChoiceField(label=_("主题分类"), choices=Subject.choices, initial=Subject.ENVIRONMENT)
    doc_type = forms.ChoiceField(label=_("文件类型"), choices=DocType.choices, initial=DocType.OTHER)
    validity = forms.ChoiceField(
        label=_("有效性"),
        choices=[("", "—"), *Validity.choices],
        required=False,
        help_text=_("规章和行政规范性文件必填。"),
    )
    ceased_on = forms.DateField(
        label=_("失效/废止日期"),
        required=False,
        widget=DateInput(),
        help_text=_("可以是将来的日期：到期前文件仍显示为有效。"),
    )
    effective_on = forms.DateField(label=_("施行日期"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("有效期至"), required=False, widget=DateInput())
    repealed_by = forms.ModelChoiceField(
        label=_("废止文件（本系统中的）"),
        queryset=Document.objects.none(),
        required=False,
    )
    repealed_by_title = forms.CharField(label=_("废止文件（名称、文号）"), max_length=300, required=False)
    interpretation_form = forms.ChoiceField(
        label=_("解读形式"), choices=[("", "—"), *InterpretationForm.choices], required=False
    )
    interprets = forms.ModelMultipleChoiceField(
        label=_("解读的政策文件"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("仅政策解读需要选择；可多选。可选尚未发布的政策文件：审批时与政策文件同步发布。"),
    )
    department = forms.CharField(
        label=_("承办处室"), max_length=100, required=False, help_text=_("留空则取目录事项的公开主体。")
    )
    body = forms.CharField(
        label=_("正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("用编辑器的工具栏设置标题、列表、表格和链接，或从 Word 导入；保存时自动清除脚本和样式。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current_type = (kwargs.get("initial") or {}).get("doc_type")
        if not may_issue_regulations() and current_type != DocType.REGULATION:
            # a city or county bureau has no rule-making power (models.OrganLevel)
            self.fields["doc_type"].choices = [c for c in DocType.choices if c[0] != DocType.REGULATION]
        published = Document.objects.published().order_by("-published_at")
        self.fields["repealed_by"].queryset = published.normative()
        # 同步发布: a 解读 may be prepared with its policy, before the policy is published.
        in_workflow = Document.objects.filter(
            status__in=[Status.DRAFT, Status.IN_REVIEW, Status.AWAITING_APPROVAL, Status.SCHEDULED],
            revision_of__isnull=True,
        )
        self.fields["interprets"].queryset = (
            Document.objects.filter(Q(pk__in=published) | Q(pk__in=in_workflow))
            .exclude(doc_type=DocType.INTERPRETATION)
            .order_by("-published_at", "-pk")
        )

    @classmethod
    def initial_for(cls, document: Document) -> dict:
        return {
            **{name: getattr(document, name) for name in cls.base_fields if name != "interprets"},
            "interprets": list(document.interprets.all()),
        }

    def service_fields(self) -> tuple[dict, list[Document]]:
        data = dict(self.cleaned_data)
        interprets = list(data.pop("interprets") or [])
        return data, interprets


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("上传附件"),
        help_text=_("PDF、Word（.docx）、Excel（.xlsx）或图片；类型按文件内容识别，可多选。"),
    )


class WordImportForm(forms.Form):
    """The upload of 从 Word 导入 (the editor posts it; the view answers JSON)."""

    file = forms.FileField(label=_("从 Word 导入"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("保密审查意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        # Never pre-filled (issue 11): the reviewer writes what was checked, after reading the
        # public (redacted) version linked beside the form.
        help_text=_("请写明审查的内容和结论，如是否涉及国家秘密、工作秘密、商业秘密和个人信息。"),
    )


class ApproveForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("定时发布时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=_("留空则立即发布。"),
    )

    interpretations = forms.ModelMultipleChoiceField(
        label=_("同步发布的政策解读"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选的解读与本文件同时发布（同步发布）。"),
    )

    def __init__(self, *args, document: Document | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        ready = document.ready_interpretations() if document is not None else Document.objects.none()
        if ready.exists():
            self.fields["interpretations"].queryset = ready
            self.fields["interpretations"].initial = list(ready)
        else:
            del self.fields["interpretations"]

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value is not None and value < timezone.now() - timedelta(minutes=1):
            raise forms.ValidationError(_("定时发布时间不能早于现在。"))
        return value


class CatalogueItemForm(forms.Form):
    code = forms.CharField(label=_("编码"), max_length=40, help_text=_("如 05.01；上级事项须已存在。"))
    name = forms.CharField(label=_("公开事项"), max_length=100)
    order = forms.IntegerField(label=_("排序"), min_value=0, initial=0)
    content = forms.CharField(
        label=_("公开内容（要素）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    basis = forms.CharField(label=_("公开依据"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    time_limit_days = forms.IntegerField(
        label=_("公开时限（工作日）"), min_value=1, max_value=365, required=False, initial=20
    )
    time_limit_start = forms.ChoiceField(label=_("时限起算"), choices=TimeLimitStart.choices)
    department = forms.CharField(label=_("公开主体"), max_length=100, required=False)
    channels = forms.MultipleChoiceField(
        label=_("公开渠道和载体"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    audience = forms.ChoiceField(label=_("公开对象"), choices=Audience.choices)
    method = forms.ChoiceField(label=_("公开方式"), choices=Method.choices)
    level = forms.CharField(label=_("公开层级"), max_length=50, required=False)
    link = forms.CharField(label=_("栏目链接"), max_length=200, required=False)
    replace_on_change = forms.BooleanField(
        label=_("变更须撤回重发"),
        required=False,
        help_text=_(
            "已发布的文件不能直接修订，须撤回并说明理由后发布新文件（如行政处罚决定，行政处罚法第四十八条）。"
        ),
    )


class SpreadsheetForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class LegacyImportForm(forms.Form):
    file = forms.FileField(label=_("元数据表（.xlsx）"))
    archive = forms.FileField(label=_("附件压缩包（.zip）"), required=False)


class LegacyReviewForm(forms.Form):
    """A reviewer's bulk 保密审查 decision over a legacy batch; the opinion is never pre-filled."""

    opinion = forms.CharField(
        label=_("保密审查意见"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("请写明审查的内容和结论，如是否涉及国家秘密、工作秘密、商业秘密和个人信息。"),
    )
    lines = forms.CharField(
        label=_("审查范围（表格行号）"),
        required=False,
        max_length=2000,
        help_text=_("留空表示本批次全部可批量审查的行；也可填写行号或区间，如“2-40、45”。"),
    )

    def clean_lines(self) -> list[int] | None:
        text = self.cleaned_data["lines"].strip()
        if not text:
            return None
        lines: set[int] = set()
        for part in re.split(r"[、,，;；\s]+", text):
            if not part:
                continue
            match = re.fullmatch(r"(\d{1,6})(?:[-–~～](\d{1,6}))?", part)
            if not match:
                raise forms.ValidationError(_("行号“%(p)s”无效，请填写如“2-40、45”。") % {"p": part})
            first, last = int(match[1]), int(match[2] or match[1])
            if last < first or last - first > 100_000:
                raise forms.ValidationError(_("行号“%(p)s”无效，请填写如“2-40、45”。") % {"p": part})
            lines.update(range(first, last + 1))
        return sorted(lines)


class PublicFilterForm(forms.Form):
    """Filters of the public list, a catalogue item's page and search (all optional)."""

    subject = forms.ChoiceField(label=_("主题分类"), required=False)
    doc_type = forms.ChoiceField(label=_("文件类型"), required=False)
    organ = forms.ChoiceField(label=_("发布机构"), required=False)
    year = forms.TypedChoiceField(label=_("发布年份"), required=False, coerce=int, empty_value=None)
    validity = forms.ChoiceField(label=_("有效性"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("-published", _("发布日期（新→旧）")),
            ("published", _("发布日期（旧→新）")),
            ("-formed", _("成文日期（新→旧）")),
            ("formed", _("成文日期（旧→新）")),
            ("title", _("标题")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["subject"].choices = everything + list(Subject.choices)
        self.fields["doc_type"].choices = everything + list(DocType.choices)
        self.fields["organ"].choices = everything + [(organ, organ) for organ in queries.organs()]
        self.fields["year"].choices = everything + [(year, year) for year in queries.publication_years()]
        self.fields["validity"].choices = everything + list(Validity.choices)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        data.setdefault("sort", queries.DEFAULT_SORT)
        return data


class SearchForm(PublicFilterForm):
    q = forms.CharField(label=_("关键词"), max_length=100, required=False)
    order = forms.ChoiceField(
        label=_("排序"), required=False, choices=[(RELEVANCE, _("相关度")), (DATE, _("发布日期"))]
    )

    field_order = ["q", "order", "subject", "doc_type", "organ", "year", "validity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["sort"]
