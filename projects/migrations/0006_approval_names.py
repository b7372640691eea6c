"""Names that mean one thing: "review" is the rulebook's findings; the approval step and the cover's 审核单位
get their own words. The 审核单位 column keeps its data; the approval permission keeps its users and groups."""

from django.db import migrations, models


def rename_permission(apps, old, new):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="projects", codename=old).update(codename=new)


def forwards(apps, schema_editor):
    rename_permission(apps, "review_document", "approve_document")


def backwards(apps, schema_editor):
    rename_permission(apps, "approve_document", "review_document")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_hot_query_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="document", name="document_cover_texts_required"),
        migrations.RenameField(model_name="document", old_name="reviewed_by", new_name="approving_authority"),
        migrations.RenameField(model_name="historicaldocument", old_name="reviewed_by", new_name="approving_authority"),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=~models.Q(prepared_by="") & ~models.Q(approving_authority=""),
                name="document_cover_texts_required",
                violation_error_message="编制单位和审核单位不能为空。",
            ),
        ),
        migrations.RunPython(forwards, backwards),
            migrations.AlterModelOptions(
            name="document",
            options={
                "ordering": ["department__code", "-year"],
                "permissions": [
                    ("submit_document", "可提交本部门的绩效文本"),
                    ("approve_document", "可审核绩效文本（通过或退回）"),
                ],
                "verbose_name": "部门预算绩效文本",
                "verbose_name_plural": "部门预算绩效文本",
            },
        ),
    ]
