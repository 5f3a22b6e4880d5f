from django.db import models


class EntityKind(models.TextChoices):
    STATE = "state", "State"
    GOVERNMENT_BODY = "government_body", "Government body"
    COMPANY = "company", "Company"
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise", "State-owned enterprise"
    RESEARCH_INSTITUTE = "research_institute", "Research institute"
    MILITARY = "military", "Military"
    INTERNATIONAL_ORGANIZATION = "international_organization", "International organization"
    OTHER = "other", "Other"


class AliasKind(models.TextChoices):
    FORMER = "former", "Former name"
    TRANSLATION = "translation", "Translation"
    ABBREVIATION = "abbreviation", "Abbreviation"
    OTHER = "other", "Other"


class EndUserCategory(models.TextChoices):
    """What kind of end user an entity is, as export rules that restrict by category read it."""

    MILITARY = "military", "Military or defence end user"
