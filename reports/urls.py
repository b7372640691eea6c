from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("<str:department_code>/<int:year>/", views.document_html, name="document"),
    path("<str:department_code>/<int:year>/pdf/", views.document_pdf, name="pdf"),
]
