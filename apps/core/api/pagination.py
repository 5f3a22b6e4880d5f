"""limit/offset pagination that refuses bad values instead of quietly using the default."""

from typing import Any

from rest_framework import exceptions
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """``limit`` 1..1000 (default 50), ``offset`` >= 0; anything else is a 400 naming it.

    Above the maximum is refused, not clamped: a client asking for 5,000 rows and silently
    receiving 1,000 would miss data without knowing it.
    """

    default_limit = 50
    max_limit = 1000

    def _parse(self, request: Request, name: str, default: int, minimum: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise exceptions.ValidationError(
                {name: [f"Must be a whole number, not '{raw}'."]}
            ) from None
        if value < minimum:
            raise exceptions.ValidationError({name: [f"Must be at least {minimum}."]})
        if name == self.limit_query_param and value > self.max_limit:
            raise exceptions.ValidationError({name: [f"Must be at most {self.max_limit}."]})
        return value

    def get_limit(self, request: Request) -> int:
        return self._parse(request, self.limit_query_param, self.default_limit, 1)

    def get_offset(self, request: Request) -> int:
        return self._parse(request, self.offset_query_param, 0, 0)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit},
            self.offset_query_param: {"minimum": 0},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
            if parameter["name"] == self.limit_query_param:
                parameter["schema"]["default"] = self.default_limit
        return parameters
