from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("", views.entry_list, name="entries"),
    path("export/", views.export, name="export"),
    path("import/", views.import_entries, name="import"),
    path("documents/<str:department_code>/<int:year>/suggestions/", views.suggestions, name="suggestions"),
]
