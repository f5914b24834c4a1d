"""Board pack pages: a meeting's pack (status, progress, download), requesting one, the status
partial htmx polls while it is made, and the download. The PDF is made by a Celery task, never
in the request; files are served only here, to members allowed to see the board's papers."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from partnership.models import Meeting
from partnership.views.base import PartnershipMixin
from reporting.models import BoardPack
from reporting.packs.build import fail_if_stale, request_pack
from reporting.packs.inputs import collect_inputs, inputs_hash, may_get_board_pack
from reporting.tasks import send_board_pack


class MeetingMixin(PartnershipMixin):
    nav_section = "boards"

    def load_objects(self):
        self.meeting = self.get_scoped_or_404(
            Meeting.objects.select_related("board__partnership", "board__parent"), pk=self.kwargs["meeting_id"]
        )

    def has_permission(self):
        return may_get_board_pack(self.access, self.meeting.board)


class PackMixin(PartnershipMixin):
    def load_objects(self):
        self.pack = self.get_scoped_or_404(
            BoardPack.objects.select_related("meeting__board"), pk=self.kwargs["pack_id"]
        )

    def has_permission(self):
        return may_get_board_pack(self.access, self.pack.meeting.board)


class MeetingPackView(MeetingMixin, TemplateView):
    template_name = "reporting/packs/meeting.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inputs = collect_inputs(self.meeting)
        digest = inputs_hash(inputs)
        packs = list(self.meeting.board_packs.select_related("requested_by__user"))
        current = next((p for p in packs if p.inputs_hash == digest), None)
        current = current and fail_if_stale(current)
        context.update(
            meeting=self.meeting,
            board=self.meeting.board,
            inputs=inputs,
            pack=current,
            earlier=[p for p in packs if p.is_ready and p.inputs_hash != digest][:5],
            back_url=self.meeting.board.get_absolute_url(),
        )
        return context


class RequestPackView(MeetingMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pack, enqueue = request_pack(self.meeting, self.membership)
        if enqueue:
            pack_id = pack.pk
            transaction.on_commit(lambda: send_board_pack(pack_id))
            pack.refresh_from_db()  # without a broker the task has already run
        if pack.is_active:
            messages.success(request, "The board pack has been requested. It will be ready to download in a moment.")
        elif pack.is_ready:
            messages.success(request, "The board pack for these figures is ready to download.")
        else:
            messages.info(request, pack.message or "The board pack could not be made.")
        return redirect("reporting:pack_meeting", partnership_slug=self.partnership.slug, meeting_id=self.meeting.pk)


class PackStatusView(PackMixin, TemplateView):
    """The status fragment, polled every 2 seconds while the pack is queued or being made."""

    template_name = "reporting/packs/_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pack"] = fail_if_stale(self.pack)
        return context


class PackDownloadView(PackMixin, View):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        if not self.pack.is_ready:
            raise Http404("This board pack is not ready.")
        name = self.pack.file.name.rsplit("/", 1)[-1]
        return FileResponse(
            self.pack.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
        )
