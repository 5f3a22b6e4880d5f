"""Deposit and estimate queryset shaping, in one place for the API, the admin and exports."""

from apps.core.querysets import RecordQuerySet


class DepositQuerySet(RecordQuerySet):
    api_prefetch = {
        "elements": ("elements",),
        "citations": ("citations",),
        "estimates": ("estimates__deposits", "estimates__citations"),
    }


class ResourceEstimateQuerySet(RecordQuerySet):
    api_prefetch = {"deposits": ("deposits",), "citations": ("citations",)}
