"""Helpers for driving admin forms in tests: turn a rendered form back into POST data."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.helpers import AdminForm
from django.db import models
from django.forms import BaseForm
from django.forms.boundfield import BoundField
from django.urls import reverse


def admin_url(model: type[models.Model], view: str, *args: Any) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _post_value(field: BoundField) -> Any:
    value = field.value()
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(item.pk if isinstance(item, models.Model) else item) for item in value]
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def _form_data(form: BaseForm) -> dict[str, Any]:
    data = {}
    for name in form.fields:
        value = _post_value(form[name])
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


def post_data(response: Any) -> dict[str, Any]:
    """The POST data that submits a rendered admin add/change page unchanged."""
    context = response.context
    adminform: AdminForm = context["adminform"]
    data = _form_data(adminform.form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.initial_forms:
            data.update(_form_data(form))
    return data
