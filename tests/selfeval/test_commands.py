"""selfeval_scores prints every score with two decimals in the stated format; setup_demo adds the demo once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from selfeval.models import IndicatorEvaluation, SelfEvaluation


def test_selfeval_scores_prints_projects_indicators_and_the_department(evaluation):
    out = StringIO()
    call_command("selfeval_scores", "711", "2022", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 6 + 41 + 1
    assert lines[:8] == [
        "P\t13012322P00259810156P\t10.00\t100.00\t优",
        "I\t13012322P00259810156P\t1\t12.50\t12.50",
        "I\t13012322P00259810156P\t2\t12.50\t12.50",
        "I\t13012322P00259810156P\t3\t12.50\t12.50",
        "I\t13012322P00259810156P\t4\t12.50\t12.50",
        "I\t13012322P00259810156P\t5\t30.00\t30.00",
        "I\t13012322P00259810156P\t6\t10.00\t10.00",
        "P\t13012322P002581106928\t10.00\t99.38\t优",
    ]
    assert lines[8] == "I\t13012322P002581106928\t1\t12.50\t11.88"
    assert "P\t13012322P002581106882\t9.20\t99.20\t优" in lines
    assert lines[-1] == "D\t711\t99.45\t优"


def test_selfeval_scores_of_an_unknown_document_fails(db):
    with pytest.raises(CommandError, match="找不到部门“999”2022年度的绩效文本"):
        call_command("selfeval_scores", "999", "2022")


def test_setup_demo_adds_the_self_evaluation_once(db):
    call_command("setup_demo", stdout=StringIO())
    call_command("setup_demo", stdout=StringIO())
    assert SelfEvaluation.objects.count() == 1
    assert IndicatorEvaluation.objects.count() == 41
    assert IndicatorEvaluation.objects.first().history.count() == 1
