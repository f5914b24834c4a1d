"""Boards and their meetings."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Min, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView

from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.filtersets import BoardFilterSet
from partnership.forms.boards import MeetingForm
from partnership.models import Board, Meeting
from partnership.tables import BoardTable

from .base import FormPageMixin, PartnershipMixin
from .lists import ScopedListView


class BoardListView(ScopedListView):
    nav_section = "boards"
    queryset = Board.objects.select_related("parent__partnership", "partnership").order_by("name")
    table_class = BoardTable
    filterset_class = BoardFilterSet
    export_name = "boards"
    page_title = "Boards and groups"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                theme_count=Count("themes", distinct=True),
                next_meeting=Min("meetings__starts_at", filter=Q(meetings__starts_at__gte=timezone.now())),
            )
        )


class BoardDetailView(PartnershipMixin, DetailView):
    nav_section = "boards"
    template_name = "partnership/board_detail.html"
    context_object_name = "board"
    queryset = Board.objects.select_related("parent", "partnership")
    pk_url_kwarg = "board_id"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = self.object
        now = timezone.now()
        context.update(
            children=board.children.all(),
            themes=board.themes.all(),
            seats=board.role_assignments.select_related("membership__user", "membership__organisation").order_by(
                "role", "membership__user__last_name"
            ),
            upcoming_meetings=board.meetings.filter(starts_at__gte=now),
            past_meetings=board.meetings.filter(starts_at__lt=now).order_by("-starts_at")[:5],
            can_manage_meetings=self.access.can_manage_meetings(board.pk),
        )
        return context


class MeetingCreateView(PartnershipMixin, FormPageMixin, CreateView):
    nav_section = "boards"
    form_class = MeetingForm
    submit_label = "Schedule meeting"

    def load_objects(self):
        self.board = self.get_scoped_or_404(Board, pk=self.kwargs["board_id"])

    def has_permission(self):
        return self.access.can_manage_meetings(self.board.pk)

    def get_page_title(self):
        return f"Schedule a meeting of {self.board.name}"

    def get_back_url(self):
        return self.board.get_absolute_url()

    def form_valid(self, form):
        form.instance.board = self.board
        self.object = form.save()
        messages.success(self.request, f"Scheduled {self.object}.")
        return redirect(self.board)


def save_meeting(meeting: Meeting, fields: dict, expected_version: int) -> None:
    """Save a meeting's edit, or raise StaleEdit when someone saved since `expected_version`: a
    conditional update, which succeeds only if nobody saved since the form was opened."""
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(
            version=expected_version + 1, **fields
        )
    if not updated:
        raise StaleEdit(Meeting.objects.get(pk=meeting.pk))


class MeetingEditView(PartnershipMixin, FormPageMixin, FormView):
    """Edit a meeting; a save based on an out-of-date copy is refused and both versions are shown."""

    nav_section = "boards"
    template_name = "partnership/meeting_edit.html"
    form_class = MeetingForm
    submit_label = "Save changes"

    def load_objects(self):
        self.meeting = self.get_scoped_or_404(
            Meeting.objects.select_related("board__partnership"), pk=self.kwargs["meeting_id"]
        )

    def has_permission(self):
        return self.access.can_manage_meetings(self.meeting.board_id)

    def get_page_title(self):
        return f"Edit meeting: {self.meeting}"

    def get_back_url(self):
        return self.meeting.board.get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.meeting}

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            save_meeting(self.meeting, fields, form.cleaned_data.get("version") or 0)
        except StaleEdit as stale:
            form.add_error(None, stale_edit_message("this meeting"))
            # Let the next save go through against the version the user has now seen.
            form.data = form.data.copy()
            form.data["version"] = stale.current.version
            return self.render_to_response(self.get_context_data(form=form, current=stale.current))
        messages.success(self.request, "Meeting updated.")
        return redirect(self.meeting.board)
