"""Login throttling (django-axes) as the people signing in see it."""

import datetime as dt

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings


def cooloff() -> dt.timedelta:
    return dt.timedelta(hours=settings.AXES_COOLOFF_TIME)


def duration_words(delta: dt.timedelta) -> str:
    """A timedelta as people say it: "1 hour", "30 minutes", "1 hour 30 minutes"."""
    minutes = round(delta.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes or not parts:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def lockout_message() -> str:
    return f"Too many attempts to sign in. Try again in {duration_words(cooloff())}."


def is_locked_out(request, username: str) -> bool:
    """Whether this username is locked out at the request's address (before checking a password)."""
    return AxesProxyHandler.is_locked(request, {"username": username})
