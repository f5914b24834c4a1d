"""The partnership's people: members, their details and the roles they hold."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView, View

from partnership.filtersets import MemberFilterSet
from partnership.forms.people import MembershipForm, RoleAssignmentForm
from partnership.history import history_entries
from partnership.models import Membership, RoleAssignment
from partnership.services.people import ChangeRefused, deactivate, reactivate, remove_role
from partnership.tables import MemberTable

from .base import FormPageMixin, PartnershipMixin
from .lists import ScopedListView


class MemberListView(ScopedListView):
    nav_section = "people"
    queryset = Membership.objects.select_related("user", "organisation", "partnership").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("theme", "board").order_by("role"))
    )
    table_class = MemberTable
    filterset_class = MemberFilterSet
    export_name = "people"
    page_title = "People"


def member_history(member, limit=10) -> list:
    """The latest changes to a member's details and roles, newest first."""
    details = history_entries(
        member.history.select_related("history_user"),
        skip_created=True,
        skip_unchanged=True,
        labels={"is_active": "Active"},
    )
    roles = history_entries(
        RoleAssignment.history.filter(membership_id=member.pk).select_related("history_user"),
        on_create=("role",),
        subject=lambda record: record.get_role_display(),
    )
    return sorted(details + roles, key=lambda e: e.record.history_date, reverse=True)[:limit]


class MemberMixin(PartnershipMixin):
    nav_section = "people"
    queryset = Membership.objects.select_related("user", "organisation", "partnership")
    pk_url_kwarg = "membership_id"

    def load_objects(self):
        # For every view of a member, generic or not: the member the URL names, from this partnership.
        self.object = self._loaded_object = self.get_scoped_or_404(self.queryset, pk=self.kwargs[self.pk_url_kwarg])


class MemberDetailView(MemberMixin, DetailView):
    template_name = "partnership/member_detail.html"
    context_object_name = "member"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = self.object.role_assignments.select_related("theme", "board")
        context["can_manage"] = self.access.can_manage_partnership()
        context["member_history"] = member_history(self.object)
        return context


class MemberEditView(MemberMixin, FormPageMixin, UpdateView):
    form_class = MembershipForm
    submit_label = "Save"

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_page_title(self):
        return f"Edit {self.object.display_name}"

    def get_back_url(self):
        return self.object.get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Saved {self.object.display_name}'s details.")
        return response


class RoleAssignView(MemberMixin, FormPageMixin, CreateView):
    form_class = RoleAssignmentForm
    submit_label = "Add role"

    def load_objects(self):
        super().load_objects()
        self.member = self.object

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_page_title(self):
        return f"Give {self.member.display_name} a role"

    def get_back_url(self):
        return self.member.get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership, "membership": self.member}

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, f"{self.member.display_name} is now {self.object}.")
        return redirect(self.member)


class ConfirmView(PartnershipMixin, TemplateView):
    """An explicit, confirmed change: GET asks, POST does it (or shows why it cannot be done).
    Each view provides `load_objects()`, `explain()` (page title, explanation, button) and `act()`."""

    template_name = "partnership/confirm.html"
    nav_section = "people"

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_context_data(self, **kwargs):
        title, explanation, confirm_label = self.explain()
        return super().get_context_data(
            page_title=title, explanation=explanation, confirm_label=confirm_label, back_url=self.back_url(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        try:
            done = self.act()
        except ChangeRefused as refused:
            return self.render_to_response(self.get_context_data(refusal=str(refused)))
        messages.success(request, done)
        return redirect(self.back_url())


class MemberDeactivateView(MemberMixin, ConfirmView):
    def explain(self):
        name = self.object.display_name
        return (
            f"Deactivate {name}",
            f"{name} will no longer be able to see this partnership. Their roles and "
            "everything they entered are kept, and you can reactivate them at any time.",
            f"Deactivate {name}",
        )

    def back_url(self):
        return self.object.get_absolute_url()

    def act(self):
        deactivate(self.object, by=self.membership)
        return f"{self.object.display_name} has been deactivated."


class MemberReactivateView(MemberMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return self.access.can_manage_partnership()

    def post(self, request, *args, **kwargs):
        reactivate(self.object, by=self.membership)
        messages.success(request, f"{self.object.display_name} has been reactivated.")
        return redirect(self.object)


class RoleRemoveView(ConfirmView):
    def load_objects(self):
        self.assignment = self.get_scoped_or_404(
            RoleAssignment.objects.select_related("membership__user", "membership__partnership", "theme", "board"),
            pk=self.kwargs["assignment_id"],
        )

    def explain(self):
        name = self.assignment.membership.display_name
        return (
            f"Remove a role from {name}",
            f"{name} will no longer be {self.assignment}. The change is kept in the history.",
            "Remove the role",
        )

    def back_url(self):
        return self.assignment.membership.get_absolute_url()

    def act(self):
        remove_role(self.assignment, by=self.membership)
        return f"Removed {self.assignment} from {self.assignment.membership.display_name}."
