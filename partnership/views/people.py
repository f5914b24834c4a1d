"""The partnership's people: members, their details and the roles they hold."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.views.generic import CreateView, DetailView, UpdateView, View

from partnership.filtersets import MemberFilterSet
from partnership.forms.people import MembershipForm, RoleAssignmentForm
from partnership.models import Membership, RoleAssignment
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


class MemberMixin(PartnershipMixin):
    nav_section = "people"
    queryset = Membership.objects.select_related("user", "organisation", "partnership")
    pk_url_kwarg = "membership_id"


class MemberDetailView(MemberMixin, DetailView):
    template_name = "partnership/member_detail.html"
    context_object_name = "member"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = self.object.role_assignments.select_related("theme", "board")
        context["can_manage"] = self.access.can_manage_partnership()
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
        self.member = self.get_object()

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


class RoleRemoveView(PartnershipMixin, View):
    http_method_names = ["post"]

    def load_objects(self):
        self.assignment = self.get_scoped_or_404(
            RoleAssignment.objects.select_related("membership__user", "membership__partnership", "theme", "board"),
            pk=self.kwargs["assignment_id"],
        )

    def has_permission(self):
        return self.access.can_manage_partnership()

    def post(self, request, *args, **kwargs):
        member = self.assignment.membership
        self.assignment.delete()
        messages.success(request, f"Removed {self.assignment} from {member.display_name}.")
        return redirect(member)
