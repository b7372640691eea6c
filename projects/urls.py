from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("documents/<str:department_code>/<int:year>/", views.document_page, name="document"),
    path("documents/<str:department_code>/<int:year>/projects/new/", views.project_add, name="project_add"),
    path("projects/<int:pk>/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/delete/", views.project_delete, name="project_delete"),
]
