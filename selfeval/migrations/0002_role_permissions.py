"""Every role reads the self-evaluation in the admin (its pages ask projects.access); nobody edits it there."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("填报人", "部门审核人", "财政局审核人", "审计人员")


def grant_view(apps, schema_editor):
    app_config = apps.get_app_config("selfeval")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    views = Permission.objects.filter(content_type__app_label="selfeval", codename__startswith="view_")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*views)


def revoke_view(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    views = Permission.objects.filter(content_type__app_label="selfeval", codename__startswith="view_")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*views)


class Migration(migrations.Migration):
    dependencies = [
        ("selfeval", "0001_self_evaluation"),
        ("projects", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_view, revoke_view)]
