from django.contrib import admin
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from indicators.models import Category, Framework, Indicator, Subcategory
from projects.admin import DepartmentScopedMixin, DocumentWriteMixin, HistoryAdmin, ScopedRelatedFilter
from projects.models import Project


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
    # As for projects: an index on (project, position, id) gives the first page without sorting every row.
    ordering = ["project_id", "position", "id"]

    def get_search_results(self, request, queryset, search_term):
        """Each word matches the indicator's name or description, or its project's code or name. The project
        part is a subquery, so every OR stays on the indicator table, where the trigram indexes and the project
        index serve it; an OR across the join to projects would read all indicators."""
        for word in smart_split(search_term):
            if word[0] in "\"'" and word[-1] == word[0]:
                word = unescape_string_literal(word)
            projects = Project.objects.filter(Q(code__icontains=word) | Q(name__icontains=word))
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(description__icontains=word) | Q(project__in=projects.values("pk"))
            )
        return queryset, False

    @admin.display(description=_("一级指标"), ordering="subcategory__category__position")
    def category_name(self, obj):
        return obj.subcategory.category.name
