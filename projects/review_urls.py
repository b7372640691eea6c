from django.urls import path

from projects import review_views

app_name = "review"

urlpatterns = [
    path("<str:department_code>/<int:year>/", review_views.document, name="document"),
]
