"""The base viewset every resource uses.

It adds to DRF's ModelViewSet what the API contract promises on every resource:
strict query parameters (unknown or repeated ones are a 400 naming them), response shaping
(``fields``, ``omit``, ``brief``) that also trims the queries, strong ETags with
``If-None-Match`` (304) and ``If-Match`` (412) checked under a row lock, and 409 when a
deletion would orphan other records.
"""

from typing import Any

from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.conditional import etag_for, if_match_fails, if_none_match_hits
from apps.core.api.errors import PreconditionFailed
from apps.core.api.fastread import RowPlan, row_plan_for
from apps.core.api.response_cache import CachedReadsMixin, cached_read
from apps.core.api.serializers import RecordSerializer

SHAPING_PARAMS = frozenset({"fields", "omit", "brief"})
LIST_PARAMS = frozenset({"limit", "offset"})
COMMON_PARAMS = frozenset({"format"}) | SHAPING_PARAMS


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Other records still refer to this one."
    default_code = "protected"


def _split_names(raw: str) -> list[str]:
    return [name.strip() for name in raw.split(",") if name.strip()]


def refuse_unserved_method(view: APIView, request: Request) -> None:
    """405 for a method the view has no handler for, before credentials, permissions or
    the query string are looked at: a write to a read-only resource is not allowed for
    anyone, so 401/403 (or a 400 about parameters) would mislead."""
    method = request.method.lower() if request.method else ""
    if method not in view.http_method_names or not hasattr(view, method):
        raise exceptions.MethodNotAllowed(request.method or "")


def refuse_unknown_params(
    request: Request, allowed: frozenset[str], repeatable: frozenset[str]
) -> None:
    """400 naming every unknown query parameter, and every repeated one not in
    ``repeatable``: nothing a client sends is silently ignored."""
    errors = {}
    for name in request.query_params:
        if name not in allowed:
            errors[name] = [f"Unknown query parameter. Allowed: {', '.join(sorted(allowed))}."]
        elif name not in repeatable and len(request.query_params.getlist(name)) > 1:
            errors[name] = ["Give this parameter once."]
    if errors:
        raise exceptions.ValidationError(errors)


def _origin(request: Request) -> str:
    """``scheme://host`` of the request: what the plans' link paths are prefixed with."""
    return request.build_absolute_uri("/").removesuffix("/")


class RecordViewSet(CachedReadsMixin, viewsets.ModelViewSet):
    """Declarative base: subclasses set queryset, serializer_class and filterset_class."""

    lookup_value_regex = r"[0-9]{1,19}"  # a longer id is no route (404), not an int() error
    #: Filters that may be given more than once (any-of).
    repeatable_params: frozenset[str] = frozenset()
    #: Set per request: the chosen field names (see get_shape) and the ETag an If-Match saw.
    _shape: frozenset[str] | None
    _current_etag: str

    # --- query parameters --------------------------------------------------------------

    def allowed_params(self) -> frozenset[str]:
        if self.action != "list":
            return COMMON_PARAMS
        filterset_class = getattr(self, "filterset_class", None)
        filters = frozenset(filterset_class.base_filters) if filterset_class else frozenset()
        return COMMON_PARAMS | LIST_PARAMS | filters

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        refuse_unserved_method(self, request)
        super().initial(request, *args, **kwargs)
        refuse_unknown_params(request, self.allowed_params(), self.repeatable_params)

    # --- shaping -----------------------------------------------------------------------

    def get_shape(self) -> frozenset[str] | None:
        """The field names to render, or None for all; validated against the serializer."""
        if hasattr(self, "_shape"):
            return self._shape
        shape: frozenset[str] | None = None
        if self.request.method == "GET":
            params = self.request.query_params
            serializer_class = self.get_serializer_class()
            known = list(serializer_class.Meta.fields)
            brief = params.get("brief", "false").lower()
            if brief not in {"true", "false", "1", "0"}:
                raise exceptions.ValidationError({"brief": ["Must be true or false."]})
            chosen = {
                name: _split_names(params[name]) for name in ("fields", "omit") if name in params
            }
            if brief in {"true", "1"}:
                if chosen:
                    raise exceptions.ValidationError(
                        {"brief": ["brief cannot be combined with fields or omit."]}
                    )
                shape = frozenset(serializer_class.brief_fields())
            for name, names in chosen.items():
                unknown = [n for n in names if n not in known]
                if unknown or not names:
                    raise exceptions.ValidationError(
                        {
                            name: [
                                f"Unknown field(s): {', '.join(unknown) or '(none given)'}. "
                                f"Fields: {', '.join(known)}."
                            ]
                        }
                    )
                shape = (
                    frozenset(names) if name == "fields" else frozenset(known) - frozenset(names)
                ) & (shape if shape is not None else frozenset(known))
                if not shape:
                    raise exceptions.ValidationError(
                        {name: ["Nothing is left to show: keep at least one field."]}
                    )
        self._shape = shape
        return shape

    def csv_columns(self) -> list[str]:
        """The CSV header: the (shaped) representation's fields, also for an empty page."""
        serializer = self.get_serializer_class()(context=self.get_serializer_context())
        return list(serializer.fields)

    def get_serializer_class(self) -> type[RecordSerializer]:
        serializer_class = super().get_serializer_class()
        assert issubclass(serializer_class, RecordSerializer), "shaping needs a RecordSerializer"
        return serializer_class

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "shape": self.get_shape() if hasattr(self, "request") else None,
        }

    # --- rendering ----------------------------------------------------------------------
    #
    # Every response body is rendered from values() rows by the serializer's row plan
    # (apps/core/api/fastread.py), whose output is DRF's: pages, details, the body of a write
    # and the representation an If-Match is compared with. The serializer itself only
    # validates and writes.

    def _row_plan(self, shape: frozenset[str] | None) -> RowPlan:
        return row_plan_for(self.get_serializer_class(), self.get_queryset().model, shape)

    def _render_one(self, shape: frozenset[str] | None, **lookup: Any) -> dict[str, Any]:
        """One record, found by ``lookup``, rendered with ``shape`` (None: every field)."""
        plan = self._row_plan(shape)
        queryset = self.get_queryset()
        rows = list(queryset.filter(**lookup).values(*plan.lookups)[:1])
        if not rows:
            raise Http404(f"No {queryset.model._meta.object_name} matches the given query.")
        return plan.render(rows, _origin(self.request))[0]

    # --- conditional requests ------------------------------------------------------------

    def _full_data(self, instance: models.Model) -> dict[str, Any]:
        """The full (unshaped) representation: what an ETag of a write stands for."""
        return self._render_one(None, pk=instance.pk)

    def _locked_object(self) -> models.Model:
        """The object, read after taking its row lock (a no-op lock on SQLite, whose
        transactions take the database write lock at BEGIN, see settings)."""
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        model = self.get_queryset().model
        list(
            model._default_manager.select_for_update()
            .filter(**{self.lookup_field: lookup})
            .values_list("pk", flat=True)
        )
        return self.get_object()

    def _check_if_match(self, instance: models.Model) -> None:
        current = etag_for(self._full_data(instance))
        self._current_etag = current
        if if_match_fails(self.request, current):
            raise PreconditionFailed(
                detail=f"The record changed since you read it; its ETag is now {current}."
            )

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == status.HTTP_412_PRECONDITION_FAILED:
            response["ETag"] = self._current_etag  # the version to re-read and retry against
        return response

    def filter_queryset(self, queryset: models.QuerySet) -> models.QuerySet:
        """Filters narrow lists; one record is found by its id alone (a detail, an update or
        a delete takes no filter parameters, so building the FilterSet would be wasted)."""
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    @cached_read
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A page of values() rows, rendered by the row plan. (A comment, not a docstring:
        # drf-spectacular would show it to clients as the operation's description.)
        plan = self._row_plan(self.get_shape())
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginate_queryset(queryset.values(*plan.lookups))
        assert rows is not None  # every list is paginated
        return self.get_paginated_response(plan.render(list(rows), _origin(request)))

    @cached_read
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # One record from a values() row, like a list's: the same output, no model instance.
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        data = self._render_one(self.get_shape(), **{self.lookup_field: lookup})
        etag = etag_for(data)
        if if_none_match_hits(request, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    def _written(self, instance: models.Model, status_code: int) -> Response:
        data = self._full_data(instance)
        headers = {"ETag": etag_for(data)}
        if status_code == status.HTTP_201_CREATED and "url" in data:
            headers["Location"] = str(data["url"])
        return Response(data, status=status_code, headers=headers)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = serializer.save()
        return self._written(instance, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self._locked_object()
            self._check_if_match(instance)
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            instance = serializer.save()
        return self._written(instance, status.HTTP_200_OK)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            with transaction.atomic():
                instance = self._locked_object()
                self._check_if_match(instance)
                instance.delete()
        except (ProtectedError, RestrictedError) as error:
            blocking = (
                error.protected_objects
                if isinstance(error, ProtectedError)
                else error.restricted_objects
            )
            names = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
            raise Conflict(
                detail=f"Other records still refer to this one ({', '.join(names)}); "
                "change or delete them first."
            ) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReadOnlyRecordViewSet(RecordViewSet):
    http_method_names = ["get", "head", "options"]


class DerivedView(CachedReadsMixin, APIView):
    """Base for read-only answers computed from several records (not a model list).

    Query parameters are validated by ``params_class`` (a serializer); unknown or repeated
    ones are refused like on every list. ``self.params`` holds the validated values.
    """

    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]
    params_class: type[serializers.Serializer]
    repeatable_params: frozenset[str] = frozenset()
    #: The serializer of one row of ``results``, for the CSV header of an empty page.
    row_serializer_class: type[serializers.Serializer] | None = None

    def csv_columns(self) -> list[str]:
        return list(self.row_serializer_class().fields) if self.row_serializer_class else []

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        refuse_unserved_method(self, request)
        super().initial(request, *args, **kwargs)
        allowed = frozenset(self.params_class().fields) | {"format"}
        refuse_unknown_params(request, allowed, self.repeatable_params)
        params = self.params_class(data=request.query_params)
        params.is_valid(raise_exception=True)
        self.params = params.validated_data
