"""The site's URLs plus the login and logout pages that the base template and login_required point to."""

from django.urls import include, path

from budget_perf.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("accounts/", include("django.contrib.auth.urls"))]
