"""Settings modules: ``base`` (local default, env-driven), ``production``, ``test``."""
