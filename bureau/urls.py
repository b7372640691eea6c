from django.urls import path

from bureau import views

app_name = "bureau"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.documents, name="documents"),
]
