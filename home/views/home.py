"""The way in: what needs the signed-in person now, in every partnership they belong to."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.views.generic import TemplateView

from partnership.models import Membership
from partnership.services.access import access_for
from reporting.clock import clock

from ..services import Seat, next_steps
from ..steps import status_of, when_words


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = clock.today()
        memberships = list(
            Membership.objects.filter(user=self.request.user, is_active=True)
            .select_related("partnership")
            .annotate(unread=Count("notices", filter=Q(notices__read_at=None)))
            .order_by("partnership__name")
        )
        sections = []
        for membership in memberships:
            steps = next_steps(Seat(membership, access_for(membership), today))
            sections.append(
                {
                    "partnership": membership.partnership,
                    "unread": membership.unread,
                    "steps": [
                        {"step": step, "when": when_words(step, today), "status": status_of(step, today)}
                        for step in steps
                    ],
                }
            )
        context.update(sections=sections, today=today, nav_section="home")
        if len(sections) == 1:  # one partnership: its navigation is on the page too
            only = memberships[0]
            context.update(partnership=only.partnership, membership=only, access=access_for(only))
        return context
