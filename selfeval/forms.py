"""The 自评表 form of one project: the funds block, 实际完成情况, and one set of fields per indicator."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import MONEY
from selfeval.models import POINTS
from selfeval.scoring import Result
from selfeval.selectors import ProjectRow
from selfeval.services import FieldError, IndicatorValues, ProjectValues

# The service names an indicator's fields as the model does; the form adds the indicator's 序号.
_INDICATOR_FIELD = {"actual_text": "actual", "actual_number": "actual", "result": "result", "points": "points"}


def _money(label):
    return forms.DecimalField(label=label, required=False, min_value=0, **MONEY)


def _text(label, rows=2):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


class ProjectEvaluationForm(forms.Form):
    adjusted_budget = _money(_("全年预算数"))
    spent = _money(_("全年执行数"))
    achievement = _text(_("实际完成情况"), rows=4)

    def __init__(self, row: ProjectRow, *args, **kwargs):
        self.row = row
        initial = {
            "adjusted_budget": row.adjusted_budget,
            "spent": row.entry.spent if row.entry else None,
            "achievement": row.achievement,
        }
        for item in row.indicators:
            n = item.number
            initial.update(
                {
                    f"actual_{n}": item.actual_text,
                    f"result_{n}": item.result,
                    f"points_{n}": item.custom_points,
                    f"score_{n}": item.entry.score if item.entry else None,
                    f"reason_{n}": item.reason,
                }
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["adjusted_budget"].widget.attrs["placeholder"] = f"{row.project.budget:.2f}"
        for item in row.indicators:
            n = item.number
            self.fields[f"actual_{n}"] = forms.CharField(label=_("实际完成值"), required=False, max_length=500)
            self.fields[f"points_{n}"] = forms.DecimalField(
                label=_("分值"), required=False, min_value=0, widget=forms.NumberInput(attrs={"step": "0.01"}), **POINTS
            )
            self.fields[f"points_{n}"].widget.attrs["placeholder"] = f"{item.score.points:.2f}"
            if item.indicator.is_qualitative:
                self.fields[f"result_{n}"] = forms.ChoiceField(
                    label=_("达成情况"), required=False, choices=[("", "—"), *Result.choices]
                )
                self.fields[f"score_{n}"] = forms.DecimalField(
                    label=_("得分"),
                    required=False,
                    min_value=0,
                    widget=forms.NumberInput(attrs={"step": "0.01"}),
                    **POINTS,
                )
            self.fields[f"reason_{n}"] = _text(_("偏差原因分析及改进措施"))

    def indicator_fields(self):
        """Each indicator row with its bound fields, for the template."""
        for item in self.row.indicators:
            n = item.number
            names = ("actual", "result", "points", "score", "reason")
            yield item, {name: self[f"{name}_{n}"] for name in names if f"{name}_{n}" in self.fields}

    def values(self) -> tuple[ProjectValues, list[IndicatorValues]]:
        data = self.cleaned_data
        project = ProjectValues(data.get("adjusted_budget"), data.get("spent"), data.get("achievement", ""))
        indicators = [
            IndicatorValues(
                indicator=item.indicator,
                actual_text=data.get(f"actual_{item.number}", ""),
                result=data.get(f"result_{item.number}", ""),
                points=data.get(f"points_{item.number}"),
                score=data.get(f"score_{item.number}"),
                reason=data.get(f"reason_{item.number}", ""),
            )
            for item in self.row.indicators
        ]
        return project, indicators

    def add_service_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            if error.indicator is None:
                name = error.field if error.field in self.fields else None
            else:
                name = f"{_INDICATOR_FIELD.get(error.field, error.field)}_{error.indicator}"
                name = name if name in self.fields else None
            self.add_error(name, error.message)
