from django.db import models


class AgreementKind(models.TextChoices):
    MEMORANDUM = "memorandum", "Memorandum"
    PRELIMINARY_PACT = "preliminary_pact", "Preliminary pact"
    FRAMEWORK = "framework", "Framework"
    TREATY = "treaty", "Treaty"
    JOINT_VENTURE = "joint_venture", "Joint venture"
    OFFTAKE = "offtake", "Offtake"
    INVESTMENT = "investment", "Investment"
    OTHER = "other", "Other"


class AgreementStatus(models.TextChoices):
    UNDER_DISCUSSION = "under_discussion", "Under discussion"
    SIGNED = "signed", "Signed"
    IN_FORCE = "in_force", "In force"
    SUSPENDED = "suspended", "Suspended"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", "Signatory"
    IMPLEMENTING_AGENCY = "implementing_agency", "Implementing agency"
    FINANCIER = "financier", "Financier"
    TECHNOLOGY_PROVIDER = "technology_provider", "Technology provider"
    OFFTAKER = "offtaker", "Offtaker"
    OBSERVER = "observer", "Observer"
