"""Scores of entries not yet saved, for the form's live totals: the same scoring as stored rows, with
whatever the user has typed so far (a 实际完成值 that does not parse yet scores as blank)."""

from django.core.exceptions import ValidationError

from selfeval.models import IndicatorEvaluation, ProjectEvaluation
from selfeval.scoring import score_project
from selfeval.selectors import ProjectRow, entry_for, framework_categories
from selfeval.services import IndicatorValues, ProjectValues


def preview_scores(row: ProjectRow, values: ProjectValues, indicators: list[IndicatorValues]):
    project = ProjectEvaluation(project=row.project, adjusted_budget=values.adjusted_budget, spent=values.spent)
    entries = []
    for value in indicators:
        typed = IndicatorEvaluation(
            indicator=value.indicator, result=value.result, points=value.points, score=value.score
        )
        try:
            typed.set_actual(value.actual_text)
        except ValidationError:
            typed.actual_number = None
        entries.append(entry_for(value.indicator, typed))
    return score_project(
        budget=project.full_year_budget,
        spent=project.spent,
        entries=entries,
        framework_categories=framework_categories(row.project.document),
    )
