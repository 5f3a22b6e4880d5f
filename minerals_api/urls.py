"""Top-level routes: the API (v1), its schema and docs, the admin and the health check."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.permissions import BasePermission, IsAdminUser
from rest_framework.request import Request
from rest_framework.views import APIView

from apps.core.api.errors import api_not_found as page_not_found_view
from minerals_api.api import ApiRootView, derived_urls, router
from minerals_api.health import healthz

admin.site.site_header = "Critical-minerals reference data"
admin.site.site_title = "Critical-minerals admin"
admin.site.index_title = "Curation"

handler400 = "apps.core.api.errors.bad_request"
handler403 = "apps.core.api.errors.permission_denied"
handler404 = "apps.core.api.errors.page_not_found"
handler500 = "apps.core.api.errors.server_error"


class DocsAccess(BasePermission):
    """The schema and docs: public by default; ``API_DOCS_PUBLIC=false`` limits them to
    staff. Read per request, so the setting (and tests overriding it) take effect without
    reloading the URLconf."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return settings.API_DOCS_PUBLIC or IsAdminUser().has_permission(request, view)


DOCS = [DocsAccess]

urlpatterns = [
    path("api/v1/", ApiRootView.as_view(), name="api-root"),
    path("api/v1/", include(derived_urls)),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=DOCS), name="schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=DOCS),
        name="swagger-ui",
    ),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", permission_classes=DOCS),
        name="redoc",
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Unknown /api/ paths answer in the API's error shape even with DEBUG on.
    re_path(r"^api/", page_not_found_view, name="api-not-found"),
]
