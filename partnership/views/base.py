"""The base view every tenant page inherits: resolve /p/<slug>/, check membership, scope data.

An outsider gets 404 (the partnership does not exist for them); a member without the needed
role gets 403.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from partnership.models import Membership
from partnership.services import access_for


class PartnershipMixin(LoginRequiredMixin):
    partnership = None
    membership = None
    access = None
    nav_section = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = get_object_or_404(
            Membership.objects.select_related("partnership", "organisation"),
            partnership__slug=kwargs["partnership_slug"],
            user=request.user,
            is_active=True,
        )
        self.partnership = self.membership.partnership
        self.access = access_for(self.membership)
        if not self.has_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self) -> bool:
        """Page-level role check; override in views that need a role. Members may read by default."""
        return True

    def require(self, allowed: bool):
        if not allowed:
            raise PermissionDenied

    def scoped(self, model_or_queryset):
        """The only way tenant data is reached: a model's (or queryset's) rows for this partnership."""
        if isinstance(model_or_queryset, QuerySet):
            return model_or_queryset.for_partnership(self.partnership)
        return model_or_queryset.objects.for_partnership(self.partnership)

    def get_scoped_or_404(self, model_or_queryset, **lookup):
        return get_object_or_404(self.scoped(model_or_queryset), **lookup)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            partnership=self.partnership,
            membership=self.membership,
            access=self.access,
            nav_section=self.nav_section,
        )
        return context
