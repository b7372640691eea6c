from django.contrib import admin

from library.models import LibraryEntry, ProjectType, RequiredIndicator


class RequiredIndicatorInline(admin.TabularInline):
    model = RequiredIndicator
    extra = 0
    autocomplete_fields = ["entry"]


@admin.register(ProjectType)
class ProjectTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    inlines = [RequiredIndicatorInline]


@admin.register(LibraryEntry)
class LibraryEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "subcategory", "source", "use_count", "common_value", "enabled_from", "enabled_to"]
    list_select_related = ["subcategory__category"]
    list_filter = ["source", "subcategory__category__framework", "subcategory__category__name", "project_types"]
    search_fields = ["name", "keywords", "definition"]
    readonly_fields = ["use_count", "common_value", "updated_at"]
    filter_horizontal = ["project_types"]
    inlines = [RequiredIndicatorInline]
    fields = [
        "subcategory",
        "name",
        "definition",
        "formula",
        ("comparator", "unit"),
        "project_types",
        "keywords",
        "source",
        ("enabled_from", "enabled_to"),
        ("use_count", "common_value", "updated_at"),
    ]


@admin.register(RequiredIndicator)
class RequiredIndicatorAdmin(admin.ModelAdmin):
    list_display = ["entry", "project_type", "severity"]
    list_select_related = ["entry", "project_type"]
    list_filter = ["project_type", "severity"]
    autocomplete_fields = ["entry"]
