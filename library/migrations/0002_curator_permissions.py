"""The finance bureau's reviewers keep the library and the 项目类型 list; auditors read them, and so do the
departments' editors, who pick entries for their indicators (the admin's indicator form looks them up)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("libraryentry", "projecttype", "requiredindicator")
GRANTS = {
    "财政局审核人": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
    "审计人员": [f"view_{model}" for model in MODELS],
    "填报人": ["view_libraryentry", "view_projecttype"],
}


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    app_config = apps.get_app_config("library")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="library", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="library", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_indicator_library"),
        ("projects", "0003_workflow_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
