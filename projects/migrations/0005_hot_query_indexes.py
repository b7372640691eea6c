"""Indexes for the queries a province's pages run most: a year's documents by status (the bureau's list), a
document's last submission, a document's projects in print order, and on PostgreSQL trigram indexes for the
admin's and the bureau's substring searches (icontains is UPPER(column) LIKE '%term%', which no b-tree serves)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TRIGRAM_INDEXES = {
    "project_code_trgm": ("projects_project", "code"),
    "project_name_trgm": ("projects_project", "name"),
    "department_name_trgm": ("projects_department", "name"),
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0004_project_type"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["year", "status"], name="document_year_status"),
        ),
        migrations.AddIndex(
            model_name="documenttransition",
            index=models.Index(
                fields=["document", "to_status", "-created_at", "-id"], name="transition_latest_by_status"
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["document", "position", "id"], name="project_document_order"),
        ),
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
