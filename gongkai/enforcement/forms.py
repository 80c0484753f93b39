from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.enforcement.models import (
    COERCION_KINDS,
    PENALTY_KINDS,
    RECORDABLE_STATES,
    Category,
    Decision,
    InspectionResult,
    Inspector,
    ListedCase,
    PoolCategory,
    RectificationPlan,
)
from gongkai.enforcement.services import DECISION_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class DecisionForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("变更原因"),
        required=False,
        widget=TEXT,
        help_text=_("已公示的决定变更须说明原因，原因和日期将公开（行政处罚法第四十八条）。"),
    )

    class Meta:
        model = Decision
        fields = [f for f in DECISION_FIELDS if f != "category"]
        widgets = {
            "facts": TEXT,
            "legal_basis": TEXT,
            "content": TEXT,
            "remarks": TEXT,
            "seized_items": TEXT,
            "decided_on": DATE,
            "order_served_on": DATE,
            "rechecked_on": DATE,
            "measure_from": DATE,
            "measure_to": DATE,
        }
        help_texts = {
            "party_name": _(
                "留空时按统一社会信用代码从企业名录取名称。自然人的姓名公示时仅显示姓氏，证件号码不公开。"
            ),
            "daily_amount": _(
                "按日连续处罚（环境保护法第五十九条）时填写；计罚日数和罚款总额按两个日期自动计算。"
            ),
        }

    def __init__(self, *args, category: str = Category.PENALTY, published: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        kinds = COERCION_KINDS if category == Category.COERCION else PENALTY_KINDS
        self.fields["kind"].choices = [("", "---------")] + [(k, _(k)) for k in kinds]
        self.fields["id_number"].widget = forms.TextInput(attrs={"autocomplete": "off"})
        coercion_only = ("seized_items", "measure_from", "measure_to")
        penalty_only = (
            "amount",
            "confiscated_amount",
            "licence",
            "daily_amount",
            "order_served_on",
            "rechecked_on",
        )
        for name in penalty_only if category == Category.COERCION else coercion_only:
            del self.fields[name]
        if not published:
            del self.fields["reason"]
        for name in (
            "credit_code",
            "authority_code",
            "legal_representative",
            "id_type",
            "id_number",
            "remarks",
        ):
            if name in self.fields:
                self.fields[name].required = False
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and name not in ("credit_code", "authority_code"):
                field.strip = True

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "reason"}
        data["category"] = self.category
        for name in DECISION_FIELDS:
            text = isinstance(Decision._meta.get_field(name), (models.CharField, models.TextField))
            data.setdefault(name, "" if text else None)
            if data[name] is None and text:
                data[name] = ""
        return data

    def _post_clean(self):  # the service validates (no model full_clean on a half-filled instance)
        pass


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), widget=TEXT, help_text=_("原因和日期将公开。"))
    withdrawn_on = forms.DateField(label=_("撤回日期"), widget=DATE)


class RevocationForm(forms.Form):
    revoked_on = forms.DateField(label=_("被变更、撤销或确认违法、无效之日"), widget=DATE)
    reason = forms.CharField(
        label=_("情况说明"), widget=TEXT, help_text=_("如：行政复议决定、人民法院判决。将作为撤回原因公开。")
    )


class ReleaseForm(forms.Form):
    released_on = forms.DateField(label=_("解除日期"), widget=DATE)
    reason = forms.CharField(label=_("说明"), required=False)


class PlanForm(forms.Form):
    title = forms.CharField(label=_("计划名称"), max_length=200)
    period_start = forms.DateField(label=_("检查期间自"), widget=DATE)
    period_end = forms.DateField(label=_("检查期间至"), widget=DATE)
    inspectors_per_unit = forms.IntegerField(
        label=_("每个对象的执法人员数"), min_value=1, max_value=10, initial=2
    )
    max_units_per_inspector = forms.IntegerField(
        label=_("每名执法人员的检查对象上限"), min_value=1, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category, label in PoolCategory.choices:
            self.fields[f"{category}_percent"] = forms.DecimalField(
                label=_("%(pool)s：抽查比例（%%）") % {"pool": label},
                required=False,
                min_value=Decimal("0.01"),
                max_value=Decimal(100),
                decimal_places=2,
            )
            self.fields[f"{category}_count"] = forms.IntegerField(
                label=_("%(pool)s：或抽取数量") % {"pool": label}, required=False, min_value=1
            )

    def pools(self):
        pools = []
        for category in PoolCategory.values:
            percent = self.cleaned_data.get(f"{category}_percent")
            count = self.cleaned_data.get(f"{category}_count")
            if percent is not None and count is not None:
                self.add_error(f"{category}_count", _("比例和数量只填其一。"))
            elif percent is not None:
                pools.append((category, percent / 100, None))
            elif count is not None:
                pools.append((category, None, count))
        return pools


class ResultForm(forms.Form):
    inspected_on = forms.DateField(label=_("检查日期"), widget=DATE)
    outcome = forms.ChoiceField(
        label=_("检查结果"),
        choices=[c for c in InspectionResult.Outcome.choices if c[0] != InspectionResult.Outcome.PENDING],
    )
    findings = forms.CharField(label=_("检查情况"), required=False, widget=TEXT)


class ConflictForm(forms.Form):
    inspector = forms.ModelChoiceField(label=_("执法人员"), queryset=Inspector.objects.all())
    object_code = forms.CharField(label=_("检查对象名录编号"), max_length=40)
    reason = forms.CharField(label=_("回避原因（不公开）"), max_length=200, required=False)


class ListedCaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ListedCase.Kind.choices)
    campaign = forms.CharField(label=_("专项行动或督办批次"), max_length=200)
    party_name = forms.CharField(label=_("单位名称"), max_length=200)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    problem = forms.CharField(label=_("问题"), widget=TEXT)
    requirement = forms.CharField(label=_("整改要求"), widget=TEXT, required=False)
    listed_on = forms.DateField(label=_("挂牌（曝光）日期"), widget=DATE)
    deadline = forms.DateField(label=_("整改期限"), widget=DATE, required=False)


class CloseListedForm(forms.Form):
    closed_on = forms.DateField(label=_("销号日期"), widget=DATE)
    outcome = forms.CharField(label=_("整改情况"), widget=TEXT)


class RectificationPlanForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200)
    level = forms.ChoiceField(label=_("督察级别"), choices=RectificationPlan.Level.choices)
    feedback_on = forms.DateField(label=_("反馈日期"), widget=DATE)
    summary = forms.CharField(label=_("说明"), widget=TEXT, required=False)


class ProblemForm(forms.Form):
    description = forms.CharField(label=_("问题"), widget=TEXT)
    responsible_unit = forms.CharField(label=_("责任单位"), max_length=200)
    measures = forms.CharField(label=_("整改措施"), widget=TEXT)
    deadline = forms.DateField(label=_("整改时限"), widget=DATE, required=False)
    credit_code = forms.CharField(label=_("涉及企业统一社会信用代码"), max_length=18, required=False)


class ProgressForm(forms.Form):
    problem = forms.ModelChoiceField(label=_("问题序号"), queryset=None)
    reported_on = forms.DateField(label=_("日期"), widget=DATE)
    state = forms.ChoiceField(label=_("整改状态"), choices=RECORDABLE_STATES)
    note = forms.CharField(label=_("进展情况"), widget=TEXT)
    evidence = forms.FileField(
        label=_("佐证材料"),
        required=False,
        help_text=_("PDF、JPG、PNG、DOCX、XLSX 或 TXT，不超过20 MB。"),
    )
    evidence_title = forms.CharField(
        label=_("佐证材料标题"), max_length=200, required=False, help_text=_("不填则使用文件名。")
    )
    evidence_public = forms.BooleanField(label=_("公开佐证材料"), required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = plan.problems.all()
        self.fields["problem"].label_from_instance = lambda p: f"{p.number}. {p.description[:30]}"
