from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("workflow/", include("workflow.urls")),
    path("review/", include("review.urls")),
    path("workbooks/", include("workbooks.urls")),
    path("reports/", include("reports.urls")),
    path("bureau/", include("bureau.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("selfeval/", include("selfeval.urls")),
    path("library/", include("library.urls")),
    path("", include("projects.urls")),
]
