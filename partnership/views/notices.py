"""Your notices: everything the product has emailed you in this partnership, read or unread. Only
your own, whoever you are (an administrator sees only theirs too): another member's notice is 404.
The rules are partnership.services.notices'."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import View

from partnership.filtersets import NoticeFilterSet
from partnership.models import Notice
from partnership.services import notices
from partnership.tables import NoticeTable

from .base import PartnershipMixin
from .lists import ScopedListView


class OwnNoticesMixin(PartnershipMixin):
    def own(self):
        return self.scoped(Notice).filter(membership=self.membership)

    def list_url(self):
        return reverse("partnership:notice_list", kwargs={"partnership_slug": self.partnership.slug})


class NoticeListView(OwnNoticesMixin, ScopedListView):
    queryset = Notice.objects.select_related("membership__partnership")
    table_class = NoticeTable
    filterset_class = NoticeFilterSet
    template_name = "partnership/notice_list.html"
    export_name = "notices"
    page_title = "Your notices"
    nav_section = "notices"

    def get_queryset(self):
        return super().get_queryset().filter(membership=self.membership)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread"] = self.own().unread().count()
        return context


class NoticeMixin(OwnNoticesMixin):
    """A page about one of your notices (another member's, or another partnership's, is 404)."""

    def load_objects(self):
        self.notice = self.get_scoped_or_404(self.own(), pk=self.kwargs["notice_id"])


class NoticeOpenView(NoticeMixin, View):
    """Opening a notice marks it read and goes on to the page where you act on it."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        path = notices.open_notice(self.notice, timezone.now())
        if not url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()}):
            return redirect(self.list_url())
        return redirect(path)


class NoticeUnreadView(NoticeMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        notices.mark_unread(self.notice)
        messages.success(request, f"Marked “{self.notice.subject}” as unread.")
        return redirect(self.list_url())


class NoticeReadAllView(OwnNoticesMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        count = notices.mark_all_read(self.membership, timezone.now())
        if count:
            messages.success(request, f"Marked {count} notice{'s' if count != 1 else ''} as read.")
        else:
            messages.info(request, "You have no unread notices.")
        return redirect(self.list_url())
