"""Each theme's live dashboard, kept current by the events that change its data rather than
recomputed on every request (reporting.models.LiveDashboard explains the generations).

- `themes_changed` is called (through reporting.signals) whenever a theme's figures, targets,
  indicators, returns or money change: it bumps their generation in the same transaction and, once
  it commits, queues one refresh for all of them;
- `refresh` computes and stores, and stores nothing if a change came in while it computed;
- `current_dashboard` is what pages read: the stored data when it is current, else computed now
  (and stored), so a page is never out of date, only sometimes slower.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from reporting.models import LiveDashboard
from reporting.services.dashboards import theme_dashboard
from reporting.services.snapshots import as_stored


def bump(theme_ids) -> None:
    LiveDashboard.objects.filter(theme_id__in=theme_ids).update(generation=F("generation") + 1)


def refresh(theme, today: dt.date) -> dict:
    """Compute the theme's dashboard and store it, unless a change came in meanwhile (then the
    change's own refresh stores it). Returns the data computed."""
    row = LiveDashboard.objects.filter(theme=theme).first()
    generation = row.generation if row else 0
    data = as_stored(theme_dashboard(theme, today))
    now = timezone.now()
    if row is None:
        try:
            with transaction.atomic():
                LiveDashboard.objects.create(theme=theme, as_of=today, computed_at=now, data=data)
        except IntegrityError:
            pass  # another refresh stored it first
        return data
    LiveDashboard.objects.filter(pk=row.pk, generation=generation).update(
        as_of=today, computed_at=now, data=data, computed_generation=generation
    )
    return data


def current_dashboard(theme, today: dt.date) -> dict:
    row = LiveDashboard.objects.filter(theme=theme).first()
    if row is not None and row.is_current(today):
        return row.data
    return refresh(theme, today)


def out_of_date(partnership, today: dt.date) -> list[int]:
    """The partnership's themes whose stored dashboard is missing, from another day or behind a change."""
    themes = partnership.themes.values_list("pk", flat=True)
    current = LiveDashboard.objects.filter(
        theme__partnership=partnership, as_of=today, computed_generation=F("generation")
    ).values_list("theme_id", flat=True)
    return sorted(set(themes) - set(current))


def current_row(theme, today: dt.date) -> LiveDashboard | None:
    """The theme's stored dashboard, current for today, with its data not loaded yet (a page that
    has the figures' HTML cached for this version never needs it). None when a change raced the
    refresh: the caller then computes the dashboard itself."""
    row = LiveDashboard.objects.defer("data").filter(theme=theme).first()
    if row is not None and row.is_current(today):
        return row
    refresh(theme, today)
    row = LiveDashboard.objects.defer("data").filter(theme=theme).first()
    return row if row is not None and row.is_current(today) else None


def body_cache_key(row: LiveDashboard) -> str:
    """Names one version of a theme's dashboard: a change bumps the generation, a new day (or a
    refresh) moves computed_at, so a key never outlives its data."""
    return f"reporting:dashboard:{row.theme_id}:{row.computed_generation}:{row.computed_at.timestamp()}"
