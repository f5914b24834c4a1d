from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from .tenancy import TenantModel


class BoardKind(models.TextChoices):
    """The layers of governance (docs/governance.md), with the names the partnerships give them."""

    PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
    EXECUTIVE_BOARD = "executive_board", "Executive board"
    BUSINESS_GROUP = "business_group", "Business group"
    THEME_BOARD = "theme_board", "Theme board"
    SUB_GROUP = "sub_group", "Sub-group"
    SCRUTINY = "scrutiny", "Scrutiny"
    AREA_COMMITTEE = "area_committee", "Area committee"


# Boards that receive the high-level overview only; the others see detail (seed 000: "right level
# of information at the right level").
OVERVIEW_KINDS = frozenset({BoardKind.PARTNERSHIP_BOARD, BoardKind.EXECUTIVE_BOARD})


class Board(TenantModel):
    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="e.g. PMG, PSG, HSP.")
    kind = models.CharField(max_length=30, choices=BoardKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The board this one reports to.",
    )
    remit = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="board_unique_name")]

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self):
        return reverse(
            "partnership:board_detail", kwargs={"partnership_slug": self.partnership.slug, "board_id": self.pk}
        )

    @property
    def sees_overview_only(self):
        return self.kind in OVERVIEW_KINDS

    def clean(self):
        if not self.parent_id:
            return
        if self.partnership_id and self.parent.partnership_id != self.partnership_id:
            raise ValidationError({"parent": "Choose a board from this partnership."})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "A board cannot report to itself or to one of its own sub-boards."})
            ancestor = ancestor.parent


class Theme(TenantModel):
    """An LAA theme (Haringey's Well-Being, Harrow's management groups, Halton's SSP blocks).

    Detailed monitoring happens at the theme's board; the HSP corporate theme is managed by the
    executive board (PMG) itself.
    """

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60)
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="themes", help_text="The board that manages this theme."
    )
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in lists and reports.")

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="theme_unique_slug"),
            models.UniqueConstraint(fields=["partnership", "name"], name="theme_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "partnership:theme_detail", kwargs={"partnership_slug": self.partnership.slug, "theme_slug": self.slug}
        )

    def clean(self):
        if self.board_id and self.partnership_id and self.board.partnership_id != self.partnership_id:
            raise ValidationError({"board": "Choose a board from this partnership."})


class Meeting(TenantModel):
    """A scheduled board meeting: the board pack is produced for one of these."""

    partnership_path = "board__partnership"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200, blank=True, help_text="Leave blank to use the board's name.")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    # Optimistic concurrency: an edit saves only if nobody else saved since the form was opened.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.title or self.board.name}, {self.starts_at:%d %B %Y}"


class Perspective(models.TextChoices):
    """Seed 002: the five perspectives of Harrow's balanced scorecard."""

    RESOURCES = "resources", "Resources"
    PEOPLE = "people", "People"
    COMMUNITY_INVOLVEMENT = "community_involvement", "Community Involvement"
    PARTNERSHIPS = "partnerships", "Partnerships"
    SERVICE_DEVELOPMENT = "service_development", "Service Development"


class Objective(TenantModel):
    """A balanced-scorecard objective; indicators are grouped under these by perspective."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="objectives")
    perspective = models.CharField(max_length=30, choices=Perspective.choices)
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        "partnership.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="objectives"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["perspective", "position", "title"]

    def __str__(self):
        return self.title
