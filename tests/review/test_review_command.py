"""review_targets: one finding per line, exit 1 while any 错误 remains."""

import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from projects.models import Project


def run(*args):
    out = StringIO()
    call_command("review_targets", *args, stdout=out)
    return out.getvalue().splitlines()


def test_seed_prints_one_line_per_finding_as_severity_code_rule_message(seed):
    lines = run("711", "2022")
    assert len(lines) == 13
    assert lines[0] == (
        "提示 13012322P00259810156P measurable-comparator "
        "项目“2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）”第3行三级指标“慰问困难职工人数”"
        "的指标值“100”没有比较符号，请写明 ≥、≤ 或 =。"
    )
    assert all(line.startswith("提示 ") for line in lines)


def test_an_error_makes_the_command_fail_with_exit_code_one(seed):
    Project.objects.filter(document=seed, position=2).update(purpose="")
    out = StringIO()
    with pytest.raises(CommandError, match="仍有1个错误，不能提交。") as excinfo:
        call_command("review_targets", "711", "2022", stdout=out)
    assert excinfo.value.returncode == 1
    assert "错误 13012322P002581106928 complete-purpose 项目“工会礼堂维护费”的“资金用途”未填写。" in out.getvalue()


def test_document_level_findings_print_a_dash_for_the_project_code(seed):
    seed.goals.filter(kind="overall").delete()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("review_targets", "711", "2022", stdout=out)
    assert out.getvalue().splitlines()[0].startswith("错误 - complete-overall-goal ")


def test_unknown_document_is_a_clear_error(db):
    with pytest.raises(CommandError, match="部门“999”没有2022年的绩效文本。"):
        call_command("review_targets", "999", "2022")


@pytest.mark.django_db(transaction=True)
def test_the_shell_sees_exit_code_zero_for_warnings_only(tmp_path):
    database = tmp_path / "review.sqlite3"
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "budget_perf.test_settings",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    for command in (["migrate", "-v0"], ["loaddata", "zhengding_union_2022", "-v0"]):
        subprocess.run([*manage, *command], env=env, check=True)
    done = subprocess.run([*manage, "review_targets", "711", "2022"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 13
