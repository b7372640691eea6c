from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indicators.models import Category, Framework, Indicator, Subcategory
from projects.admin import DepartmentScopedMixin, DocumentWriteMixin, HistoryAdmin, ScopedRelatedFilter


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    inlines = [CategoryInline]


class SubcategoryInline(admin.TabularInline):
    model = Subcategory
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "framework", "position"]
    list_select_related = ["framework"]
    list_filter = ["framework"]
    inlines = [SubcategoryInline]


@admin.register(Subcategory)
class SubcategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "position"]
    list_select_related = ["category__framework"]
    list_filter = ["category__framework", "category"]


@admin.register(Indicator)
class IndicatorAdmin(DepartmentScopedMixin, DocumentWriteMixin, HistoryAdmin):
    list_display = ["name", "project", "category_name", "subcategory", "value_text", "basis", "position"]
    list_select_related = ["project", "subcategory__category"]
    list_filter = [
        ("project__document__department", ScopedRelatedFilter),
        "project__document__year",
        "subcategory__category__name",
        "subcategory__name",
    ]
    search_fields = ["name", "description", "project__code", "project__name"]
    autocomplete_fields = ["project", "library_entry"]
    document_path = "project.document"

    @admin.display(description=_("一级指标"), ordering="subcategory__category__position")
    def category_name(self, obj):
        return obj.subcategory.category.name
