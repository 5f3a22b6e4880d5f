from django.apps import AppConfig


class DepositsConfig(AppConfig):
    name = "apps.deposits"
    verbose_name = "Deposits"
