from django.urls import path

from selfeval import views, views_import

app_name = "selfeval"

urlpatterns = [
    path("import/", views_import.import_workbook, name="import"),
    path("projects/<int:pk>/", views.project_form, name="project"),
    path("projects/<int:pk>/scores/", views.project_scores, name="project_scores"),
    path("<str:department_code>/<int:year>/", views.summary, name="summary"),
    path("<str:department_code>/<int:year>/start/", views.start, name="start"),
    path("<str:department_code>/<int:year>/print/", views.print_html, name="print"),
    path("<str:department_code>/<int:year>/pdf/", views.print_pdf, name="pdf"),
    path("<str:department_code>/<int:year>/export/", views.export, name="export"),
    path("<str:department_code>/<int:year>/<str:action>/", views.transition, name="transition"),
]
