"""A member's equality monitoring form (seed 002's People perspective): private, voluntary, one per
membership. Only totals are ever shown (`partnership.equality` says when), to nobody per person:
not on any page, not in the Django admin. History is kept so a past period's make-up can be read as
it stood (`MemberMonitoring.history.as_of(...)`)."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.equality import AgeBand, Disability, EthnicGroup, Faith, Religion, Sex, religion_problem

from .tenancy import TenantModel


class MemberMonitoring(TenantModel):
    """One member's answers. Every answer is optional (blank: not answered), and "Prefer not to say"
    is an answer to every question that counts as not answered in the totals."""

    partnership_path = "membership__partnership"

    membership = models.OneToOneField("partnership.Membership", on_delete=models.CASCADE, related_name="monitoring")
    ethnic_group = models.CharField(
        "What is your ethnic group?", max_length=20, choices=EthnicGroup.choices, blank=True
    )
    sex = models.CharField("What is your sex?", max_length=20, choices=Sex.choices, blank=True)
    faith = models.CharField("Do you have a religion or belief?", max_length=20, choices=Faith.choices, blank=True)
    religion = models.CharField(
        "If you have a religion or belief, which is it?", max_length=20, choices=Religion.choices, blank=True
    )
    age_band = models.CharField("What is your age?", max_length=20, choices=AgeBand.choices, blank=True)
    disability = models.CharField(
        "Do you consider yourself to have a disability?", max_length=20, choices=Disability.choices, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "equality monitoring form"

    def __str__(self):
        # Never the answers: this is what the admin's deletion page and any log would show.
        return "Equality monitoring form"

    def clean(self):
        problem = religion_problem(self.faith, self.religion)
        if problem:
            raise ValidationError({"religion": problem})
