"""``/healthz``: is this process able to answer from its database?"""

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.api.errors import error_response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when a trivial query succeeds; 503 in the API's error shape when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return error_response(
            503,
            "server_error",
            [
                {
                    "code": "database_unavailable",
                    "detail": "The database is unreachable.",
                    "attr": None,
                }
            ],
        )
    return JsonResponse({"status": "ok", "database": "ok"})
