"""Agreement queries, in one place for the API, the admin and exports."""

from apps.core.querysets import RecordQuerySet


class AgreementQuerySet(RecordQuerySet):
    pass
