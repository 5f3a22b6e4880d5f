"""Agreement queryset shaping, in one place for the API, the admin and exports."""

from apps.core.querysets import RecordQuerySet


class AgreementQuerySet(RecordQuerySet):
    api_prefetch = {
        "elements": ("elements",),
        "deposits": ("deposits",),
        "parties": ("parties__entity",),
        "citations": ("citations",),
    }
