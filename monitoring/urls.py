from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("import/", views.import_workbook, name="import"),
    path("bureau/<int:year>/<int:month>/", views.overview, name="overview"),
    path("<str:department_code>/<int:year>/", views.rounds, name="rounds"),
    path("<str:department_code>/<int:year>/<int:month>/", views.dashboard, name="dashboard"),
    path("<str:department_code>/<int:year>/<int:month>/export/", views.export, name="export"),
    path("<str:department_code>/<int:year>/<int:month>/projects/<int:pk>/", views.project, name="project"),
    path(
        "<str:department_code>/<int:year>/<int:month>/projects/<int:pk>/correction/",
        views.correction,
        name="correction",
    ),
    path("<str:department_code>/<int:year>/<int:month>/projects/<int:pk>/print/", views.print_html, name="print"),
    path("<str:department_code>/<int:year>/<int:month>/projects/<int:pk>/pdf/", views.print_pdf, name="pdf"),
    path("<str:department_code>/<int:year>/<int:month>/extend/", views.extend, name="extend"),
    path("<str:department_code>/<int:year>/<int:month>/<str:action>/", views.transition, name="transition"),
]
