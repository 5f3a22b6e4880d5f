"""Deposit and estimate queries, in one place for the API, the admin and exports."""

from apps.core.querysets import RecordQuerySet


class DepositQuerySet(RecordQuerySet):
    pass


class ResourceEstimateQuerySet(RecordQuerySet):
    pass
