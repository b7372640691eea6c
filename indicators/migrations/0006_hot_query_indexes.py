"""Indexes for a project's indicators in entered order (the editor, the report, the review, the admin list) and,
on PostgreSQL, trigram indexes for the admin's substring search on 三级指标 and its description."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TRIGRAM_INDEXES = {
    "indicator_name_trgm": "name",
    "indicator_description_trgm": "description",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "indicators_indicator" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_basis_as_written"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="indicator",
            index=models.Index(fields=["project", "position", "id"], name="indicator_project_order"),
        ),
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
