"""The ``curators`` group: who may edit the dataset in the admin and through the API."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

CURATORS = "curators"
#: Apps whose records curators may only look at: the periodic table is fixed reference data.
VIEW_ONLY_APPS = frozenset({"elements"})


def curators_group_sync() -> Group:
    """Create or update the curators group: full rights on curated models, view on elements."""
    group, _ = Group.objects.get_or_create(name=CURATORS)
    wanted: list[Permission] = []
    for model in apps.get_models():
        if not model.__module__.startswith("apps.") or model.__name__.startswith("Historical"):
            continue
        ctype = ContentType.objects.get_for_model(model)
        actions = (
            ["view"]
            if model._meta.app_label in VIEW_ONLY_APPS
            else ["add", "change", "delete", "view"]
        )
        codenames = [f"{action}_{model._meta.model_name}" for action in actions]
        wanted += Permission.objects.filter(content_type=ctype, codename__in=codenames)
    group.permissions.set(wanted)
    return group
