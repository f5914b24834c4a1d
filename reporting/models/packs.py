"""A board pack: the one PDF a board member downloads before a meeting (docs/governance.md).

Built by a Celery task (reporting.tasks.build_board_pack) from `inputs`, the plain data captured when it was
requested; `inputs_hash` identifies that data, so an unchanged request reuses the finished pack.
"""

import datetime as dt
import uuid

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from partnership.models import TenantModel

# The tasks making a pack beat every HEARTBEAT_EVERY while they work; a running pack not heard from
# for STALE_AFTER has lost its worker: it is shown as failed (reporting.packs.build.fail_if_stale)
# and may be claimed again. A queued pack no worker has taken for QUEUE_STALE_AFTER is sent again, and
# a running pack whose next task has waited in the queue as long is taken for lost too.
HEARTBEAT_EVERY = dt.timedelta(seconds=10)
STALE_AFTER = dt.timedelta(seconds=45)
QUEUE_STALE_AFTER = dt.timedelta(minutes=15)


def pack_path(instance, filename):
    # Outside any public URL (there is no MEDIA_URL route) and not guessable: packs are served
    # only through reporting.views.packs.PackDownloadView, which checks membership and role.
    return f"board-packs/{instance.meeting.board.partnership_id}/{uuid.uuid4().hex}/{filename}"


class BoardPack(TenantModel):
    partnership_path = "meeting__board__partnership"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey("partnership.Meeting", on_delete=models.CASCADE, related_name="board_packs")
    cycle = models.ForeignKey(
        "reporting.ReportingCycle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_packs",
        help_text="The quarter reported; empty when the pack was made from live data.",
    )
    inputs = models.JSONField(default=dict, help_text="Everything the PDF is made from (see reporting.packs.inputs).")
    inputs_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=pack_path, blank=True, max_length=300)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        "partnership.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When a task making the pack was last heard from."
    )
    run_token = models.CharField(
        max_length=32, blank=True, help_text="Names the current build, so the tasks of an abandoned one change nothing."
    )
    tasks_sent = models.PositiveSmallIntegerField(
        default=0, help_text="Tasks the current build sent to the queue: its parts and the join."
    )
    tasks_started = models.PositiveSmallIntegerField(default=0, help_text="How many of them a worker has begun.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Two clicks (or two people) asking for the same data get the same pack; a failed pack
            # does not count, so it can be requested again.
            models.UniqueConstraint(
                fields=["meeting", "inputs_hash"], condition=~Q(status="failed"), name="board_pack_once_per_inputs"
            ),
        ]

    def __str__(self):
        return f"Board pack for {self.meeting} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_ready(self):
        return self.status == self.Status.DONE and bool(self.file)

    @property
    def is_waiting(self):
        """Running, with a task still in the queue (no worker has begun it)."""
        return self.status == self.Status.RUNNING and self.tasks_started < self.tasks_sent

    def is_stale(self, now=None, others_busy=False):
        """Running but not heard from, or queued for so long, that its task was probably lost.
        A pack whose next task waits in the queue while the workers are busy with other packs
        (`others_busy`: another pack heard from within STALE_AFTER) is given as long as a queued
        pack: nothing beats for it, and nothing has died. With no worker heard from at all, it is
        stale after STALE_AFTER like any other."""
        now = now or timezone.now()
        if self.status == self.Status.RUNNING:
            since = self.heartbeat_at or self.started_at
            patient = self.is_waiting and others_busy
            return since is not None and since < now - (QUEUE_STALE_AFTER if patient else STALE_AFTER)
        queued_since = self.created_at if self.status == self.Status.QUEUED else None
        return queued_since is not None and queued_since < now - QUEUE_STALE_AFTER


def heard_from_since(moment) -> Q:
    return Q(heartbeat_at__gte=moment) | Q(heartbeat_at__isnull=True, started_at__gte=moment)


def others_busy(now, pack_id=None) -> bool:
    """Whether any other pack is being made right now (its tasks heard from within STALE_AFTER)."""
    return being_made(now).exclude(pk=pack_id).exists()


def being_made(now):
    """The running packs whose tasks were heard from within STALE_AFTER: the workers are alive."""
    return BoardPack.objects.filter(heard_from_since(now - STALE_AFTER), status=BoardPack.Status.RUNNING)


def stale_running(now) -> Q:
    """BoardPack.is_stale for running packs, as a filter (what a claim may take over)."""
    busy = Exists(being_made(now).exclude(pk=OuterRef("pk")))
    waiting = Q(tasks_started__lt=F("tasks_sent"))
    return Q(status=BoardPack.Status.RUNNING) & (
        ~heard_from_since(now - QUEUE_STALE_AFTER) | (~heard_from_since(now - STALE_AFTER) & ~(waiting & busy))
    )
