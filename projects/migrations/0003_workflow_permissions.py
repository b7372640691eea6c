"""The review workflow's two permissions, given to the reviewer roles; auditors also read the login log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "部门审核人": [("projects", "submit_document")],
    "财政局审核人": [("projects", "review_document")],
    "审计人员": [
        ("axes", "view_accessattempt"),
        ("axes", "view_accesslog"),
        ("axes", "view_accessfailurelog"),
    ],
}


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GRANTS.items():
        for group in Group.objects.filter(name=name):
            for app_label, codename in perms:
                group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="document",
            options={
                "ordering": ["department__code", "-year"],
                "permissions": [
                    ("submit_document", "可提交本部门的绩效文本"),
                    ("review_document", "可审核绩效文本（通过或退回）"),
                ],
                "verbose_name": "部门预算绩效文本",
                "verbose_name_plural": "部门预算绩效文本",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
