"""England and Wales bank holidays from the govuk-bank-holidays package's bundled copy of the
GOV.UK list: nothing is fetched at run time. The bundled list runs to the end of 2028; later
years have only weekends until the package is upgraded."""

import datetime as dt
from functools import lru_cache

from govuk_bank_holidays.bank_holidays import BankHolidays


@lru_cache(maxsize=1)
def england_and_wales() -> frozenset[dt.date]:
    holidays = BankHolidays(use_cached_holidays=True)
    return frozenset(h["date"] for h in holidays.get_holidays(division=BankHolidays.ENGLAND_AND_WALES))
