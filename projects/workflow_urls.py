from django.urls import path

from projects import workflow_views

app_name = "workflow"

# The project history comes first: its path would otherwise read as department "projects", year <pk>.
urlpatterns = [
    path("projects/<int:pk>/history/", workflow_views.project_history, name="project_history"),
    path("<str:department_code>/<int:year>/", workflow_views.document_status, name="status"),
    path("<str:department_code>/<int:year>/rollover/", workflow_views.rollover, name="rollover"),
    path("<str:department_code>/<int:year>/<slug:action>/", workflow_views.transition, name="transition"),
]
