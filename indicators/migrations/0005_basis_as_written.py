"""指标值确定依据 is kept as the department wrote it (其他, 其他：专家论证, 行业标准 …) instead of a choice plus a
note, and a bare 其他 is no longer refused (the review suggests an explanation instead)."""

from django.db import migrations, models

NAMES = {"plan": "计划标准", "industry": "行业标准", "history": "历史标准", "other": "其他"}


def _as_written(basis: str, note: str) -> str:
    name = NAMES.get(basis, basis)
    return f"{name}：{note}" if basis == "other" and note else name


def basis_to_text(apps, schema_editor):
    for model_name in ("Indicator", "HistoricalIndicator"):
        model = apps.get_model("indicators", model_name)
        rows = list(model.objects.only("pk", "basis", "basis_note"))
        for row in rows:
            row.basis = _as_written(row.basis, row.basis_note)
        model.objects.bulk_update(rows, ["basis"], batch_size=500)


def text_to_basis(apps, schema_editor):
    codes = {name: code for code, name in NAMES.items()}
    for model_name in ("Indicator", "HistoricalIndicator"):
        model = apps.get_model("indicators", model_name)
        rows = list(model.objects.only("pk", "basis"))
        for row in rows:
            text = row.basis.strip()
            if text in codes:
                row.basis, row.basis_note = codes[text], ""
            else:
                row.basis, row.basis_note = "other", text.removeprefix("其他：").removeprefix("其他:")[:200] or "其他"
        model.objects.bulk_update(rows, ["basis", "basis_note"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_indicator_provenance"),
        ("projects", "0003_workflow_permissions"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="indicator", name="indicator_basis_valid"),
        migrations.RemoveConstraint(model_name="indicator", name="indicator_other_basis_needs_note"),
        migrations.AlterField(
            model_name="historicalindicator",
            name="basis",
            field=models.CharField(
                help_text="按填写原样保存并打印：计划标准、行业标准、历史标准、其他，或“其他：说明”。",
                max_length=200,
                default="行业标准",
                verbose_name="指标值确定依据",
            ),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="basis",
            field=models.CharField(
                help_text="按填写原样保存并打印：计划标准、行业标准、历史标准、其他，或“其他：说明”。",
                max_length=200,
                default="行业标准",
                verbose_name="指标值确定依据",
            ),
        ),
        migrations.RunPython(basis_to_text, text_to_basis),
        migrations.RemoveField(model_name="historicalindicator", name="basis_note"),
        migrations.RemoveField(model_name="indicator", name="basis_note"),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(("basis", ""), _negated=True),
                name="indicator_basis_required",
                violation_error_message="指标值确定依据不能为空。",
            ),
        ),
    ]
