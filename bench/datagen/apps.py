from django.apps import AppConfig


class DatagenConfig(AppConfig):
    """Synthetic datasets for benchmarks (``manage.py generate_dataset``); no models."""

    name = "bench.datagen"
    verbose_name = "Dataset generator"
