from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.roles import BOARD_ROLES, PARTNERSHIP_ROLES, THEME_ROLES, Role, RoleScope, scope_of

from .governance import BoardKind
from .tenancy import TenantModel


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    POLICE = "police", "Police"
    HEALTH = "health", "Health (PCT / NHS trust)"
    FIRE = "fire", "Fire and rescue"
    JOBCENTRE = "jobcentre", "Jobcentre Plus"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    HOUSING = "housing", "Housing provider"
    EDUCATION = "education", "Education and skills"
    BUSINESS = "business", "Business sector"
    OTHER = "other", "Other"


class Organisation(TenantModel):
    """A partner organisation: the council, the police, the PCT, the fire brigade, HAVCO…"""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="organisation_unique_name")]

    def __str__(self):
        return self.name


class Membership(TenantModel):
    """A person's place in one partnership. A person may be a member of several partnerships."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    job_title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True, help_text="Inactive members cannot see the partnership.")
    joined_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["partnership", "user"], name="membership_unique_user")]

    def __str__(self):
        return f"{self.display_name} ({self.partnership})"

    @property
    def display_name(self):
        return self.user.get_full_name() or self.user.username

    def get_absolute_url(self):
        return reverse(
            "partnership:member_detail",
            kwargs={"partnership_slug": self.partnership.slug, "membership_id": self.pk},
        )

    def clean(self):
        if self.organisation_id and self.partnership_id and self.organisation.partnership_id != self.partnership_id:
            raise ValidationError({"organisation": "Choose an organisation from this partnership."})


class RoleAssignment(TenantModel):
    """One role held by one member, over a theme, a board, or the whole partnership."""

    partnership_path = "membership__partnership"

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)
    theme = models.ForeignKey(
        "partnership.Theme", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    board = models.ForeignKey(
        "partnership.Board", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role"]
        constraints = [
            # The role decides what it is held over; the database refuses any other shape.
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(THEME_ROLES), theme__isnull=False, board__isnull=True)
                    | Q(role__in=sorted(BOARD_ROLES), board__isnull=False, theme__isnull=True)
                    | Q(role__in=sorted(PARTNERSHIP_ROLES), board__isnull=True, theme__isnull=True)
                ),
                name="role_assignment_scope_matches_role",
                violation_error_message="This role is held over a different kind of thing: check the theme and board.",
            ),
            models.UniqueConstraint(
                fields=["membership", "role", "theme"],
                condition=Q(theme__isnull=False),
                name="role_unique_per_theme",
                violation_error_message="This person already holds this role there.",
            ),
            models.UniqueConstraint(
                fields=["membership", "role", "board"],
                condition=Q(board__isnull=False),
                name="role_unique_per_board",
                violation_error_message="This person already holds this role there.",
            ),
            models.UniqueConstraint(
                fields=["membership", "role"],
                condition=Q(theme__isnull=True, board__isnull=True),
                name="role_unique_partnership_wide",
                violation_error_message="This person already holds this role.",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} – {self.scope_label}"

    @property
    def scope_label(self):
        if self.theme_id:
            return str(self.theme)
        if self.board_id:
            return str(self.board)
        return "whole partnership"

    def clean(self):
        errors = {}
        scope = scope_of(self.role) if self.role else None
        if scope == RoleScope.THEME and not self.theme_id:
            errors["theme"] = f"Choose the theme this {self.get_role_display()} works for."
        if scope == RoleScope.BOARD and not self.board_id:
            errors["board"] = f"Choose the board this {self.get_role_display().lower()} sits on."
        if scope != RoleScope.THEME and self.theme_id:
            errors["theme"] = f"A {self.get_role_display().lower()} is not held over a theme: leave this empty."
        if scope != RoleScope.BOARD and self.board_id:
            errors["board"] = f"A {self.get_role_display().lower()} is not held over a board: leave this empty."
        partnership_id = self.membership.partnership_id if self.membership_id else None
        if self.theme_id and partnership_id and self.theme.partnership_id != partnership_id:
            errors["theme"] = "Choose a theme from this partnership."
        if self.board_id and partnership_id and self.board.partnership_id != partnership_id:
            errors["board"] = "Choose a board from this partnership."
        if (
            self.role == Role.BUSINESS_GROUP_MEMBER
            and self.board_id
            and "board" not in errors
            and self.board.kind != BoardKind.BUSINESS_GROUP
        ):
            errors["board"] = "A business group member sits on a business group: choose one."
        if errors:
            raise ValidationError(errors)
