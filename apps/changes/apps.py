from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "apps.changes"
    verbose_name = "Change feed"

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from apps.changes.recorder import record_change

        post_create_historical_record.connect(record_change, dispatch_uid="changes.record")
