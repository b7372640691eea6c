app_name = "selfeval"
urlpatterns: list = []
