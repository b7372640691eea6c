"""The two indicator frameworks of DOMAIN: categories in their canonical order."""

from django.db import migrations

FRAMEWORKS = [
    (
        "legacy",
        "产出/效益/满意度指标体系",
        [
            ("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"]),
            ("效益指标", ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]),
            ("满意度指标", ["服务对象满意度指标"]),
        ],
    ),
    (
        "central-2021",
        "财预〔2021〕101号指标体系",
        [
            ("成本指标", ["经济成本指标", "社会成本指标", "生态环境成本指标"]),
            ("产出指标", ["数量指标", "质量指标", "时效指标"]),
            ("效益指标", ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]),
            ("满意度指标", ["服务对象满意度指标"]),
        ],
    ),
]


def create_frameworks(apps, schema_editor):
    Framework = apps.get_model("indicators", "Framework")
    Category = apps.get_model("indicators", "Category")
    Subcategory = apps.get_model("indicators", "Subcategory")
    for f_pos, (code, name, categories) in enumerate(FRAMEWORKS):
        framework, _ = Framework.objects.update_or_create(code=code, defaults={"name": name, "position": f_pos})
        for c_pos, (category_name, subcategory_names) in enumerate(categories):
            category, _ = Category.objects.update_or_create(
                framework=framework, name=category_name, defaults={"position": c_pos}
            )
            for s_pos, sub_name in enumerate(subcategory_names):
                Subcategory.objects.update_or_create(category=category, name=sub_name, defaults={"position": s_pos})


def remove_frameworks(apps, schema_editor):
    Framework = apps.get_model("indicators", "Framework")
    Framework.objects.filter(code__in=[code for code, _, _ in FRAMEWORKS]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_initial")]

    operations = [migrations.RunPython(create_frameworks, remove_frameworks)]
