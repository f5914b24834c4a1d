"""The one place the timetable asks the time, so tests can set it (`clock.set(...)`)."""

import datetime as dt

from django.utils import timezone


class Clock:
    def __init__(self):
        self._fixed = None

    def now(self) -> dt.datetime:
        return self._fixed or timezone.now()

    def today(self) -> dt.date:
        return timezone.localdate(self.now())

    def set(self, moment: dt.datetime | dt.date | None):
        """Freeze the clock (a date means 09:00 that day, London time); None unfreezes it."""
        if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time(9, 0), tzinfo=timezone.get_current_timezone())
        self._fixed = moment


clock = Clock()
