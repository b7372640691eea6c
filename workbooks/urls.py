from django.urls import path

from workbooks import views

app_name = "workbooks"

urlpatterns = [
    path("template/", views.template_download, name="template"),
    path("import/", views.import_workbook, name="import"),
    path("<str:department_code>/<int:year>/export/", views.export, name="export"),
]
