from apps.agreements.api.serializers import AgreementSerializer
from apps.agreements.filtersets import AgreementFilterSet
from apps.agreements.models import Agreement
from apps.core.api.views import RecordViewSet


class AgreementViewSet(RecordViewSet):
    """Memoranda, pacts, frameworks and deals on critical minerals, with their parties."""

    queryset = Agreement.objects.all()
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    repeatable_params = frozenset({"element"})
