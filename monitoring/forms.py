"""The monitoring form's fields. They only read what was typed; the rules are monitoring.rules' and the service's,
and nothing here touches the stored rows, so the service sees exactly what changed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from monitoring import rules
from monitoring.models import DEFAULT_MONTH, Cause, IndicatorMonitoring, Likelihood, ProjectMonitoring
from projects.models import MONEY


class RoundCreateForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("截止月份"),
        choices=[(m, _("1-%(month)s月") % {"month": m}) for m in range(1, 12)],
        coerce=int,
        initial=DEFAULT_MONTH,
    )


def _money_field(label):
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
        widget=forms.NumberInput(attrs={"class": "money", "step": "0.01"}),
    )


class FundsForm(forms.Form):
    """The funds block of the 执行监控表."""

    annual_budget = _money_field(_("全年预算数"))
    fiscal_spent = _money_field(_("财政资金执行数"))
    other_spent = _money_field(_("其他资金执行数"))
    note = forms.CharField(label=_("执行情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def for_report(cls, report: ProjectMonitoring, data=None):
        initial = {name: getattr(report, name) for name in cls.base_fields}
        return cls(data, initial=initial, prefix="funds")


class LineForm(forms.Form):
    """One indicator row; 实际完成值 is read by monitoring.rules.parse_actual against the row's indicator."""

    actual_text = forms.CharField(label=_("实际完成值"), required=False, widget=forms.TextInput(attrs={"size": 8}))
    cumulative = forms.BooleanField(label=_("按进度累计"), required=False)
    causes = forms.MultipleChoiceField(
        label=_("偏差原因"), choices=Cause.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    cause_note = forms.CharField(label=_("偏差原因说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    likelihood = forms.ChoiceField(label=_("完成目标可能性"), choices=[("", "—"), *Likelihood.choices], required=False)
    remark = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, line: IndicatorMonitoring, **kwargs):
        self.line = line
        initial = {name: getattr(line, name) for name in self.base_fields}
        super().__init__(*args, initial=initial, prefix=f"line-{line.pk}", **kwargs)

    def clean_actual_text(self):
        try:
            self.actual = rules.parse_actual(self.line.indicator, self.cleaned_data["actual_text"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return self.actual.text

    def clean_causes(self):
        return rules.parse_causes("、".join(self.cleaned_data["causes"]))


class CorrectionForm(forms.Form):
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
