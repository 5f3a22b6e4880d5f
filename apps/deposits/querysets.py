"""Deposit and estimate queryset shaping, in one place for the API, the admin and exports."""

from django.db import models


class DepositQuerySet(models.QuerySet):
    def for_api(self) -> "DepositQuerySet":
        return self.prefetch_related("elements", "citations", "estimates")


class ResourceEstimateQuerySet(models.QuerySet):
    def for_api(self) -> "ResourceEstimateQuerySet":
        return self.prefetch_related("deposits", "citations")
