"""Reminder and chaser emails to officers with outstanding returns."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_outstanding_returns(*, kind: str, membership, items, cycle, copied_to=()) -> str:
    context = {
        "person": membership, "items": items, "cycle": cycle, "partnership": cycle.partnership,
        "returns_url": f"{settings.SITE_URL}/p/{cycle.partnership.slug}/returns/", "kind": kind,
    }
    subject = render_to_string(f"reporting/emails/{kind}_subject.txt", context).strip()
    body = render_to_string(f"reporting/emails/{kind}.txt", context)
    EmailMessage(subject, body, to=[membership.user.email], cc=[m.user.email for m in copied_to if m.user.email]).send()
    return subject
