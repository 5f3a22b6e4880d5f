"""``/api/v1/screening/``: is this name (from an invoice, a bill of lading) a listed entity?"""

import math
import re
from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api.fields import AsOfField
from apps.core.api.links import resource_link
from apps.core.api.response_cache import cached_read
from apps.core.api.serializers import KnownFieldsOnly
from apps.core.api.views import DerivedView
from apps.screening.services import DEFAULT_THRESHOLD, SCORER_NAME, Match, Screening, screen_names

MAX_NAME_LENGTH = 300
MAX_BATCH = 100


#: One entity id (1 to 2**63 - 1, so a 64-bit column can hold it), spaces around it allowed.
ID_PATTERN = r" *0*[1-9][0-9]{0,17} *"
IDS_PATTERN = rf"^{ID_PATTERN}(,{ID_PATTERN})*$"
IDS_AS_TEXT = {"type": "string", "pattern": IDS_PATTERN, "example": "3,17"}


@extend_schema_field(
    {
        "oneOf": [
            IDS_AS_TEXT,
            {
                "type": "array",
                "items": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
                "maxItems": 1000,
            },
        ]
    }
)
class CommaSeparatedIdsField(serializers.Field):
    """``exclude=3,17`` in a query string, or ``[3, 17]`` (or ``"3,17"``) in a body."""

    default_error_messages = {"invalid": "Give entity ids as whole numbers, e.g. 3,17."}

    def to_internal_value(self, data: Any) -> list[int]:
        if isinstance(data, list):
            if len(data) > 1000 or not all(
                isinstance(item, int) and not isinstance(item, bool) and 1 <= item < 2**63
                for item in data
            ):
                self.fail("invalid")
            return list(data)
        if not isinstance(data, str) or not re.fullmatch(IDS_PATTERN, data, flags=re.ASCII):
            self.fail("invalid")
        return [int(item) for item in data.split(",")]

    def to_representation(self, value: list[int]) -> list[int]:
        return value


@extend_schema_field(IDS_AS_TEXT)
class CommaSeparatedIdsQueryField(CommaSeparatedIdsField):
    """In a query string only the text form exists (a repeated parameter is refused)."""


class FiniteFloatField(serializers.FloatField):
    """A float that is a number: NaN (which no range check catches, as it compares false with
    everything), infinities and JSON booleans are refused."""

    default_error_messages = {"not_finite": "A finite number is required."}

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool):
            self.fail("invalid")
        value: float = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("not_finite")
        return value


class StrictCharField(serializers.CharField):
    """Text that was sent as text: a JSON number is refused, not read as its digits."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        value: str = super().to_internal_value(data)
        return value


class ScreeningOptions(serializers.Serializer):
    threshold = FiniteFloatField(
        min_value=0,
        max_value=100,
        default=DEFAULT_THRESHOLD,
        help_text=f"Lowest score (0-100) reported; default {DEFAULT_THRESHOLD}.",
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=100, default=10, help_text="Most matches per name (1-100)."
    )
    as_of = AsOfField(help_text="Date for the restrictions reported (default today, UTC).")
    exclude = CommaSeparatedIdsField(
        required=False, help_text="Entity ids to leave out (known false positives)."
    )


def _name_field() -> serializers.CharField:
    return StrictCharField(
        max_length=MAX_NAME_LENGTH,
        trim_whitespace=True,
        help_text=f"The name to screen, at most {MAX_NAME_LENGTH} characters.",
    )


class ScreeningQueryParams(ScreeningOptions):
    name = _name_field()
    exclude = CommaSeparatedIdsQueryField(
        required=False, help_text="Entity ids to leave out (known false positives), e.g. 3,17."
    )


class ScreeningBatchRequest(KnownFieldsOnly, ScreeningOptions):
    """Up to 100 names screened with the same options; unknown keys are refused."""

    names = serializers.ListField(
        child=_name_field(),
        min_length=1,
        max_length=MAX_BATCH,
        help_text=f"1 to {MAX_BATCH} names; results come back in the same order.",
    )


class BodyOnlyOption(serializers.Field):
    """A screening option sent in the query string of a POST: refused, even when empty."""

    default_error_messages = {"body_only": "On POST, give this option in the JSON body."}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def get_value(self, dictionary: Mapping[str, Any]) -> Any:
        assert self.field_name is not None  # set when the serializer binds its fields
        return dictionary.get(self.field_name, serializers.empty)

    def to_internal_value(self, data: Any) -> None:
        self.fail("body_only")


class ScreeningBatchQueryParams(serializers.Serializer):
    """On POST the query string carries no options (``format`` only): they go in the body,
    which holds one value for each, so none is silently overridden or ignored."""

    threshold = BodyOnlyOption()
    limit = BodyOnlyOption()
    as_of = BodyOnlyOption()
    exclude = BodyOnlyOption()


class ScreeningRestrictionSerializer(serializers.Serializer):
    measure = serializers.IntegerField(source="measure_id")
    reference = serializers.CharField()
    kind = serializers.CharField()
    clause = serializers.CharField(help_text="The clause that applies; empty: the whole measure.")
    basis = serializers.ChoiceField(
        choices=["listed", "category"],
        help_text="listed: the measure names the entity (or its parent); category: a rule of "
        "the measure matches the entity's country and end-user category, nobody is named.",
    )
    effective_from_confidence = serializers.CharField(
        help_text="'unconfirmed' where no source gives the measure's effective date."
    )
    confidence = serializers.CharField(
        allow_null=True, help_text="The weakest confidence among the measure's citations."
    )
    inherited_from = serializers.SerializerMethodField()

    def get_inherited_from(self, hit: Any) -> dict[str, Any] | None:
        parent = hit.inherited_from
        return None if parent is None else {"id": parent.id, "name": parent.name}


class ScreeningEntityBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SubsidiaryRestrictionSerializer(serializers.Serializer):
    subsidiary = ScreeningEntityBriefSerializer(
        help_text="The restricted subsidiary (at any depth)."
    )
    measure = serializers.IntegerField(source="measure_id")
    reference = serializers.CharField()
    kind = serializers.CharField()
    in_force = serializers.BooleanField(help_text="Whether the measure is in force on as_of.")


class ScreeningGroupSerializer(serializers.Serializer):
    parent = ScreeningEntityBriefSerializer(
        allow_null=True, help_text="The matched entity's parent, if it has one."
    )
    restricted_subsidiaries = SubsidiaryRestrictionSerializer(
        many=True,
        help_text=(
            "Restrictions naming a subsidiary of the matched entity, in force on as_of or not "
            "(a parent is not restricted by its subsidiaries' listing, but a screener needs to "
            "know)."
        ),
    )


class TokenMatchSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="A word of the query (normalised).")
    matched = serializers.ListField(
        child=serializers.CharField(),
        help_text="The words of the name it matched: one, several for initials, none if none.",
    )
    how = serializers.ChoiceField(
        choices=["exact", "typo", "initials", "unmatched"],
        help_text="exact, typo (a close spelling), initials (capitals standing for the "
        "name's leading words) or unmatched.",
    )
    similarity = serializers.FloatField(help_text="0-1: how closely it matched.")
    weight = serializers.FloatField(
        help_text="What the word weighs: its inverse document frequency across all names "
        "(rare words weigh more); for initials, the sum over the words they stand for."
    )


class NameTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    weight = serializers.FloatField()


class ParentReadingSerializer(serializers.Serializer):
    # "parent" is also an attribute of every DRF field; as a declared field it is only a key.
    parent = serializers.IntegerField(source="parent_id")  # type: ignore[assignment]
    replaced = serializers.CharField(
        help_text="The parent's name the subsidiary's name starts with."
    )
    used = serializers.CharField(help_text="The other name of the parent read in its place.")
    used_kind = serializers.CharField(help_text="name, or the kind of the parent's alias.")


class ScreeningExplanationSerializer(serializers.Serializer):
    query_normalized = serializers.CharField()
    name_normalized = serializers.CharField(source="name.normalized")
    matched_on = serializers.SerializerMethodField()
    alias_kind = serializers.SerializerMethodField()
    scorer = serializers.SerializerMethodField()
    rule = serializers.ChoiceField(
        choices=["overlap", "partial_name"],
        source="scored.rule",
        help_text="overlap: weighted word overlap; partial_name: every query word found in "
        "order in a longer name.",
    )
    tokens = TokenMatchSerializer(
        many=True,
        source="scored.tokens",
        help_text="Each query word: what it matched, how, and its weight.",
    )
    unmatched_name_tokens = serializers.SerializerMethodField()
    reading = ParentReadingSerializer(
        source="name.reading",
        allow_null=True,
        help_text="Set when the subsidiary's name matched as read with another name of its "
        "parent (e.g. a former name).",
    )

    def get_matched_on(self, match: Match) -> str:
        return "name" if match.name.matched_on == "name" else "alias"

    def get_alias_kind(self, match: Match) -> str | None:
        return None if match.name.matched_on == "name" else match.name.matched_on

    def get_scorer(self, match: Match) -> str:
        return SCORER_NAME

    @extend_schema_field(NameTokenSerializer(many=True))
    def get_unmatched_name_tokens(self, match: Match) -> list[dict[str, Any]]:
        return [
            {"token": token, "weight": round(weight, 2)}
            for token, weight in match.scored.unmatched_name_tokens
        ]


class ScreeningMatchSerializer(serializers.Serializer):
    score = serializers.FloatField()
    matched_name = serializers.CharField(source="name.name")
    entity = serializers.SerializerMethodField()
    restrictions = ScreeningRestrictionSerializer(many=True)
    group = ScreeningGroupSerializer(
        help_text="The matched entity's parent and its subsidiaries' restrictions."
    )
    explanation = ScreeningExplanationSerializer(source="*")

    def get_entity(self, match: Match) -> dict[str, Any]:
        entity = match.entity
        return {
            "id": entity.id,
            "url": resource_link(
                "entity-detail", args=[entity.id], request=self.context["request"]
            ),
            "name": entity.name,
            "kind": entity.kind,
            "country": entity.country or None,
        }


class ScreeningResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    normalized = serializers.CharField()
    matches = ScreeningMatchSerializer(many=True)


class ScreeningBatchResponse(serializers.Serializer):
    results = ScreeningResultSerializer(many=True)


def _run(request: Request, names: list[str], options: dict[str, Any]) -> list[Screening]:
    return screen_names(
        names=names,
        threshold=options["threshold"],
        limit=options["limit"],
        as_of=options["as_of"],
        exclude=options.get("exclude", []),
    )


class ScreeningView(DerivedView):
    """Fuzzy matching of names against every entity name and alias, after normalisation of
    case, accents, punctuation, '&'/'and' and legal-form words; each match reports its score,
    the name it matched, the restrictions in force on ``as_of``, and how it matched."""

    http_method_names = ["get", "post", "head", "options"]
    #: POST: ScreeningBatchQueryParams (options ride in the body).
    params_class: type[serializers.Serializer] = ScreeningQueryParams
    schema_tags = ["screening"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if request.method == "POST":
            self.params_class = ScreeningBatchQueryParams
        super().initial(request, *args, **kwargs)

    @extend_schema(
        summary="Screen one name",
        parameters=[ScreeningQueryParams],
        responses=ScreeningResultSerializer,
    )
    @cached_read
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        [result] = _run(request, [self.params["name"]], self.params)
        return Response(ScreeningResultSerializer(result, context={"request": request}).data)

    @extend_schema(
        summary="Screen a batch of names",
        request=ScreeningBatchRequest,
        responses=ScreeningBatchResponse,
        examples=[
            OpenApiExample(
                "Two names",
                value={"names": ["JAXA", "IHI Aerospace Co Ltd"], "threshold": 85},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = ScreeningBatchRequest(data=request.data)
        body.is_valid(raise_exception=True)
        results = _run(request, body.validated_data["names"], body.validated_data)
        return Response(
            {
                "results": ScreeningResultSerializer(
                    results, many=True, context={"request": request}
                ).data
            }
        )
