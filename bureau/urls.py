app_name = "bureau"
urlpatterns: list = []
