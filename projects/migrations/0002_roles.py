"""The four roles as groups. 审计人员 may view everything and change nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = ["document", "departmentgoal", "project", "planentry", "indicator"]
ROLES = {
    "填报人": {"view": "all", "edit": CONTENT_MODELS},
    "部门审核人": {"view": "all", "edit": []},
    "财政局审核人": {"view": "all", "edit": []},
    "审计人员": {"view": "all", "edit": []},
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=["projects", "indicators"])
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = list(ours.filter(codename__startswith="view_"))
        for model in grants["edit"]:
            perms += list(ours.filter(codename__in=[f"{action}_{model}" for action in ("add", "change", "delete")]))
        group.permissions.add(*perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("indicators", "0003_frameworks"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
