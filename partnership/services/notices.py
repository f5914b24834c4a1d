"""Telling a person something: the one way the product emails a member of a partnership (reminders,
chasers, exception reports, decisions assigned, overdue actions), which also lists it for them in
the product as a Notice, read or unread (docs/governance.md, "Notices").

The email and the notice are made together from the same subject and text, so they can never
disagree: the notice is written in the same transaction as the email is sent, and an email that
fails to send leaves no notice. Senders claim their email first (reporting.Notification,
escalation.ActionReminder); a claim lost means no call here, so no email and no notice."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from partnership.models import Notice, NoticeKind

SUBJECT_LENGTH = Notice._meta.get_field("subject").max_length
PATH_LENGTH = Notice._meta.get_field("path").max_length


def absolute(path: str) -> str:
    """The address of a page of the product, for an email: SITE_URL and the path."""
    return f"{settings.SITE_URL}{path}"


def tell(membership, kind, subject: str, body: str, path: str, *, email=True, attachment=None, cc=()) -> Notice:
    """Record a notice for `membership` and email it to them (when `email` and they have an address),
    with the same subject and text; the email always carries SITE_URL + `path`, the page where they
    act. `attachment` is (filename, content, mimetype); `cc` are addresses. Returns the notice.

    `email=False` is for notices of what was told outside the product (the demo's past quarters)."""
    if kind not in NoticeKind.values:
        raise ValueError(f"Not a kind of notice: {kind!r}")
    if not path.startswith("/") or path.startswith("//") or len(path) > PATH_LENGTH:
        raise ValueError(f"A notice's page is a path of this site, not {path!r}")
    subject = " ".join(subject.split())[:SUBJECT_LENGTH]  # one line, as a mail header must be
    link = absolute(path)
    if link not in body:
        body = f"{body.rstrip()}\n\n{link}\n"
    with transaction.atomic():
        notice = Notice.objects.create(membership=membership, kind=kind, subject=subject, body=body, path=path)
        address = membership.user.email
        if email and address:
            message = EmailMessage(subject, body, to=[address], cc=[a for a in cc if a and a != address])
            if attachment:
                message.attach(*attachment)
            message.send()
    return notice


# --- reading ---------------------------------------------------------------------------------------


def own_notices(membership):
    """A person's notices in one partnership: theirs only, whoever they are (administrators too)."""
    return Notice.objects.for_partnership(membership.partnership_id).filter(membership=membership)


def open_notice(notice: Notice, now) -> str:
    """Mark a notice read (the first time it is opened) and return the page to go on to."""
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=now)
        notice.read_at = now
    return notice.path


def mark_unread(notice: Notice) -> None:
    Notice.objects.filter(pk=notice.pk).update(read_at=None)
    notice.read_at = None


def mark_all_read(membership, now) -> int:
    """Mark every unread notice of a person read; returns how many were."""
    return own_notices(membership).unread().update(read_at=now)


def unread_count(user, partnership_slug: str) -> int:
    """How many unread notices the signed-in person has in the partnership the page is about: one
    query (an inactive member, or someone who is not a member, has none)."""
    if not user.is_authenticated:
        return 0
    return (
        Notice.objects.unread()
        .filter(
            membership__user=user,
            membership__is_active=True,
            membership__partnership__slug=partnership_slug,
        )
        .count()
    )
