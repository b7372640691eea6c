from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("<str:department_code>/<int:year>/", views.document, name="document"),
]
