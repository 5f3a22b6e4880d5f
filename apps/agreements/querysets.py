"""Agreement queryset shaping, in one place for the API, the admin and exports."""

from django.db import models


class AgreementQuerySet(models.QuerySet):
    def for_api(self) -> "AgreementQuerySet":
        return self.prefetch_related("elements", "deposits", "parties__entity", "citations")
