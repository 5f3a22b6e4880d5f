"""Top-level routes: the admin, the health check, and (from the API issue) /api/."""

from django.contrib import admin
from django.urls import path

from minerals_api.health import healthz

admin.site.site_header = "Critical-minerals reference data"
admin.site.site_title = "Critical-minerals admin"
admin.site.index_title = "Curation"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
