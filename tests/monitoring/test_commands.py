"""The commands: monitoring_lights' exact output, the rulebook in step with the code, export and import."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from monitoring.rulebook import rulebook_markdown


def test_monitoring_lights_prints_projects_in_document_order_then_their_indicators(round7):
    out = StringIO()
    call_command("monitoring_lights", "711", "2022", "--month", "7", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 6 * 2 + 41
    assert lines[:3] == [
        "P\t13012322P00259810156P\t预算执行\t绿",
        "P\t13012322P00259810156P\t计划执行\t绿",
        "I\t13012322P00259810156P\t1\t绿",
    ]
    assert lines[8:10] == ["P\t13012322P002581106928\t预算执行\t红", "P\t13012322P002581106928\t计划执行\t红"]
    assert "I\t13012322P002581106928\t4\t红" in lines
    # 困难职工帮扶资金: behind the calendar, on its own plan; one indicator partly behind.
    assert "P\t13012322P00258110694F\t预算执行\t红" in lines
    assert "P\t13012322P00258110694F\t计划执行\t绿" in lines
    assert "I\t13012322P00258110694F\t3\t黄" in lines
    assert "I\t13012322P002581106901\t6\t蓝" in lines
    assert all(line.split("\t")[-1] in {"绿", "黄", "红", "蓝"} for line in lines)


def test_monitoring_lights_without_a_round_says_so(seed):
    with pytest.raises(CommandError, match="没有截止9月的运行监控"):
        call_command("monitoring_lights", "711", "2022", "--month", "9")


def test_the_rulebook_document_matches_the_code():
    path = Path(settings.BASE_DIR) / "docs" / "monitoring-rules.md"
    assert path.read_text(encoding="utf-8") == rulebook_markdown(), "run: python manage.py monitoring_rulebook"
    call_command("monitoring_rulebook", "--check")


def test_export_then_import_dry_run_reports_no_change(round7, tmp_path):
    path = tmp_path / "m.xlsx"
    call_command("export_monitoring", "711", "2022", "--month", "7", "--output", str(path))
    out = StringIO()
    call_command("import_monitoring", str(path), "--dry-run", stdout=out)
    assert out.getvalue().strip() == "试运行（未写入）：正定县总工会 2022年1-7月运行监控。修改 0 行。"
