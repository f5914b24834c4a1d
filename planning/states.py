"""An action plan's states (pure: the rules and the models both read them)."""

from django.db import models


class PlanState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the executive board"
    RECOMMENDED = "recommended", "Recommended to the partnership board"
    APPROVED = "approved", "Approved"
