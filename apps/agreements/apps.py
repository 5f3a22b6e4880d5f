from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "apps.agreements"
    verbose_name = "Agreements"

    def ready(self) -> None:
        from apps.agreements.models import AgreementParty
        from apps.core.parts import track_part_rows

        track_part_rows(AgreementParty, "agreement", "parties")
