"""Benchmarks and their dataset generator: not part of the product.

``bench.datagen`` (``manage.py generate_dataset``) and ``bench.urls`` (the API plus the
hand-written floor view) are loaded only by ``minerals_api.settings.bench``.
"""
