"""The base view every tenant page inherits: resolve /p/<slug>/, check membership, load the
objects the URL names, check the role, and scope every query to the partnership.

An outsider gets 404 (the partnership does not exist for them), and so does a member asking for
another partnership's object; a member without the needed role gets 403. Objects are loaded
(`load_objects`) before the role is checked (`has_permission`), so the 404 always comes first.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic.detail import SingleObjectMixin

from partnership.services.access import access_for, membership_for


class TenantScopeMixin:
    """Reaching tenant data: everything through `self.partnership` (pages and the API alike)."""

    partnership = None

    def scoped(self, model_or_queryset):
        """The only way tenant data is reached: a model's (or queryset's) rows for this partnership."""
        if isinstance(model_or_queryset, QuerySet):
            return model_or_queryset.for_partnership(self.partnership)
        return model_or_queryset.objects.for_partnership(self.partnership)

    def get_scoped_or_404(self, model_or_queryset, **lookup):
        return get_object_or_404(self.scoped(model_or_queryset), **lookup)

    def get_queryset(self):
        """The view's declared `queryset` (or model), narrowed to this partnership."""
        return self.scoped(super().get_queryset())


class PartnershipMixin(TenantScopeMixin, LoginRequiredMixin):
    membership = None
    access = None
    nav_section = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = membership_for(request.user, kwargs["partnership_slug"])
        if self.membership is None:
            raise Http404
        self.partnership = self.membership.partnership
        self.access = access_for(self.membership)
        self.load_objects()
        if not self.has_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self):
        """Load what the URL names, from this partnership only (404 otherwise), before the role
        check. A detail or edit view that declares `queryset` gets `self.object`; views over
        other objects override this."""
        if isinstance(self, SingleObjectMixin) and self.queryset is not None:
            self.object = self.get_object()

    def has_permission(self) -> bool:
        """Page-level role check; override in views that need a role. Members may read by default."""
        return True

    def get_object(self, queryset=None):
        """Django's lookup by `pk_url_kwarg` in the scoped queryset, made once per request."""
        if queryset is not None:
            return super().get_object(queryset)
        if getattr(self, "_loaded_object", None) is None:
            self._loaded_object = super().get_object()
        return self._loaded_object

    def base_context(self) -> dict:
        """What every tenant page's template needs (for views that render without get_context_data)."""
        return {
            "partnership": self.partnership,
            "membership": self.membership,
            "access": self.access,
            "nav_section": self.nav_section,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.base_context())
        return context


class FormPageMixin:
    """Pages that use templates/partnership/form_page.html: a title, a submit label, a way back."""

    template_name = "partnership/form_page.html"
    page_title = ""
    submit_label = "Save"

    def get_page_title(self) -> str:
        return self.page_title

    def get_back_url(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.get_page_title())
        context.setdefault("submit_label", self.submit_label)
        context.setdefault("back_url", self.get_back_url())
        return context


class ConfigureFormMixin(FormPageMixin):
    """A page where an administrator adds or edits something the partnership is configured with:
    its form is scoped to the partnership, and saving says what was saved."""

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, f"Saved {self.object}.")
        return redirect(self.get_success_url())
