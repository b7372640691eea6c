from django.urls import path

from workflow import views

app_name = "workflow"

# The project history comes first: its path would otherwise read as department "projects", year <pk>.
urlpatterns = [
    path("projects/<int:pk>/history/", views.project_history, name="project_history"),
    path("<str:department_code>/<int:year>/", views.document_status, name="status"),
    path("<str:department_code>/<int:year>/rollover/", views.rollover, name="rollover"),
    path("<str:department_code>/<int:year>/rollover/checked/", views.rollover_checked, name="rollover_checked"),
    path("<str:department_code>/<int:year>/<slug:action>/", views.transition, name="transition"),
]
