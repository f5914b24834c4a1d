import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .models import Board, Membership, Notice


class BoardTable(tables.Table):
    name = tables.Column(linkify=True)
    kind = tables.Column(verbose_name="Kind")
    parent = tables.Column(verbose_name="Reports to", linkify=True, order_by=("parent__name",))
    theme_count = tables.Column(
        verbose_name="Themes",
        attrs={
            "th": {"class": "govuk-table__header govuk-table__header--numeric"},
            "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
        },
    )
    next_meeting = tables.DateTimeColumn(verbose_name="Next meeting", format="j M Y", default="None scheduled")

    class Meta:
        model = Board
        fields = ["name", "short_name", "kind", "parent", "theme_count", "next_meeting"]
        order_by = "name"


class MemberTable(tables.Table):
    name = tables.Column(
        accessor="user__last_name",
        verbose_name="Name",
        order_by=("user__last_name", "user__first_name"),
        linkify=lambda record: record.get_absolute_url(),
    )
    organisation = tables.Column(order_by=("organisation__name",))
    job_title = tables.Column()
    roles = tables.Column(empty_values=(), orderable=False, verbose_name="Roles")
    is_active = tables.BooleanColumn(verbose_name="Active", yesno="Yes,No")

    class Meta:
        model = Membership
        fields = ["name", "organisation", "job_title", "roles", "is_active"]
        order_by = "name"

    def render_name(self, record):
        return record.display_name

    def value_name(self, record):
        return record.display_name

    def render_roles(self, record):
        # role_assignments are prefetched by the view: no query per row.
        return format_html_join(
            mark_safe("<br>"), "{}", ((str(assignment),) for assignment in record.role_assignments.all())
        )

    def value_roles(self, record):
        return "; ".join(str(assignment) for assignment in record.role_assignments.all())


class NoticeTable(tables.Table):
    """A person's notices, newest first; unread ones are tagged. Opening one marks it read."""

    status = tables.Column(accessor="read_at", verbose_name="Status", orderable=False, empty_values=())
    subject = tables.Column(verbose_name="Notice")
    kind = tables.Column(verbose_name="About")
    created_at = tables.DateTimeColumn(verbose_name="Received", format="j M Y, H:i")
    unread = tables.TemplateColumn(
        template_name="partnership/notice_unread_button.html",
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
        empty_values=(),
    )

    class Meta:
        model = Notice
        fields = ["status", "subject", "kind", "created_at", "unread"]
        order_by = "-created_at"

    def render_status(self, record):
        if record.is_read:
            return mark_safe('<strong class="govuk-tag govuk-tag--grey">Read</strong>')
        return mark_safe('<strong class="govuk-tag govuk-tag--blue">Unread</strong>')

    def value_status(self, record):
        return "Read" if record.is_read else "Unread"

    def render_subject(self, record, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><p class="govuk-body-s govuk-!-margin-bottom-0">{}</p>',
            record.get_absolute_url(),
            value,
            record.summary,
        )

    def value_subject(self, record, value):
        return value
