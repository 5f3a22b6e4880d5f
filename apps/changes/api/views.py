"""``/api/v1/changes/``: every change to every resource, oldest first, from a cursor.

A client stores ``next_cursor`` and asks again with ``since=<cursor>``: it sees each change
exactly once, deletions included. Cursors are opaque (base64 of the event id).
"""

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.changes.models import ChangeEvent
from apps.changes.recorder import RESOURCES
from apps.core.api.views import DerivedView

#: Event ids are 64-bit integers.
MAX_EVENT_ID = 2**63 - 1


def encode_cursor(event_id: int) -> str:
    return base64.urlsafe_b64encode(f"e{event_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if not text.startswith("e") or not text[1:].isdigit() or len(text) > 20:
            raise ValueError(cursor)
        event_id = int(text[1:])
        if event_id > MAX_EVENT_ID:  # no event has it: a stored cursor would never move on
            raise ValueError(cursor)
        return event_id
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise serializers.ValidationError("Not a cursor from this feed.") from None


@extend_schema_field(OpenApiTypes.STR)
class CursorField(serializers.Field):
    """An opaque cursor in, the event id it stands for out."""

    def get_value(self, dictionary: Mapping[str, Any]) -> Any:
        """``since=`` (empty) is a malformed cursor, not "from the start": DRF would read an
        empty query value of an optional field as omitted, and replay the whole feed."""
        assert self.field_name is not None  # set when the serializer binds its fields
        return dictionary.get(self.field_name, serializers.empty)

    def to_internal_value(self, data: Any) -> int:
        if not isinstance(data, str) or len(data) > 40:
            raise serializers.ValidationError("Not a cursor from this feed.")
        return decode_cursor(data)

    def to_representation(self, value: int) -> str:
        return encode_cursor(value)


class ChangesParams(serializers.Serializer):
    since = CursorField(
        required=False,
        help_text="A next_cursor from an earlier page; omit to start.",
    )
    resource = serializers.ChoiceField(
        choices=sorted(set(RESOURCES.values())), required=False, help_text="Only this resource."
    )
    limit = serializers.IntegerField(min_value=1, max_value=1000, default=100)


class ChangeEventSerializer(serializers.ModelSerializer):
    cursor = serializers.SerializerMethodField()

    class Meta:
        model = ChangeEvent
        fields = ["cursor", "at", "action", "resource", "object_id", "changed_fields"]

    def get_cursor(self, event: ChangeEvent) -> str:
        return encode_cursor(event.id)


class ChangesPageSerializer(serializers.Serializer):
    results = ChangeEventSerializer(many=True)
    next_cursor = serializers.CharField(
        allow_null=True,
        help_text="Pass as since= next time; equals since when nothing new arrived.",
    )


class ChangeFeedView(DerivedView):
    """History events of every resource, oldest first: created, updated, deleted."""

    params_class = ChangesParams
    row_serializer_class = ChangeEventSerializer
    schema_tags = ["change feed"]

    @extend_schema(
        summary="Read changes since a cursor",
        parameters=[ChangesParams],
        responses=ChangesPageSerializer,
        examples=[
            OpenApiExample(
                "One update",
                value={
                    "results": [
                        {
                            "cursor": "ZTQy",
                            "at": "2026-03-05T09:12:44Z",
                            "action": "updated",
                            "resource": "deposits",
                            "object_id": "7",
                            "changed_fields": ["status"],
                        }
                    ],
                    "next_cursor": "ZTQy",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        since = self.params.get("since", 0)
        events = ChangeEvent.objects.filter(id__gt=since)
        if "resource" in self.params:
            events = events.filter(resource=self.params["resource"])
        page = list(events.order_by("id")[: self.params["limit"]])
        next_cursor = (
            encode_cursor(page[-1].id) if page else (encode_cursor(since) if since else None)
        )
        return Response(
            {"results": ChangeEventSerializer(page, many=True).data, "next_cursor": next_cursor}
        )
