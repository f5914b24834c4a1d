"""Where the reporting chain hears about changes (reporting.services.chain explains the chain).

Each receiver notes what changed inside the changing transaction (a live dashboard's generation is
bumped there, so it rolls back with it) and queues its Celery task once the transaction commits: a
task never reads data that is not committed yet, and one transaction that saves forty targets
queues one refresh. If the broker is down the change is kept and the periodic job catches up."""

import logging
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from indicators.models import (
    AnnualTarget,
    BudgetProfile,
    Commission,
    Indicator,
    IndicatorReturn,
    PeriodTarget,
    Result,
    SpendReturn,
)
from indicators.signals import return_approved
from indicators.workflow import ReturnState
from reporting.models import ExceptionReport
from reporting.services import live_dashboards

log = logging.getLogger(__name__)

_local = threading.local()  # per thread: {task name: the keys waiting for the commit}


def _pending() -> dict[str, set]:
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending


def queue_on_commit(task_name: str, key) -> None:
    """Queue `reporting.tasks.<task_name>` once, after the commit, for the keys noted. (Keys noted
    in a transaction that rolled back go with the next commit: a spare refresh, never a lost one.)"""
    _pending().setdefault(task_name, set()).add(key)
    transaction.on_commit(lambda: _flush(task_name))


def _flush(task_name: str) -> None:
    from reporting import tasks  # the tasks import the services, which are loaded after the signals

    keys = _pending().pop(task_name, set())
    if not keys:
        return
    task = getattr(tasks, task_name)
    calls = [[sorted(keys)]] if task_name == "refresh_dashboards" else [[key] for key in sorted(keys)]
    for args in calls:
        try:
            task.delay(*args)
        except Exception:  # the broker is down: the change is committed; the periodic job catches up
            log.warning("Could not queue %s%s; the periodic job will catch up", task_name, args, exc_info=True)


def indicator_themes(indicator_id: int, lead_theme_id: int | None = None) -> set[int]:
    through = Indicator.contributing_themes.through
    themes = set(through.objects.filter(indicator_id=indicator_id).values_list("theme_id", flat=True))
    if lead_theme_id is None:
        lead_theme_id = Indicator.objects.filter(pk=indicator_id).values_list("lead_theme_id", flat=True).first()
    return themes | ({lead_theme_id} if lead_theme_id else set())


def themes_changed(theme_ids) -> None:
    theme_ids = {pk for pk in theme_ids if pk}
    if not theme_ids:
        return
    live_dashboards.bump(theme_ids)
    for theme_id in theme_ids:
        queue_on_commit("refresh_dashboards", theme_id)


@receiver([post_save, post_delete], sender=Result)
@receiver([post_save, post_delete], sender=AnnualTarget)
@receiver([post_save, post_delete], sender=PeriodTarget)
def indicator_data_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        themes_changed(indicator_themes(instance.indicator_id))


@receiver(pre_save, sender=IndicatorReturn)
def remember_return_state(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        instance._state_before = IndicatorReturn.objects.filter(pk=instance.pk).values_list("state", flat=True).first()


@receiver(post_save, sender=IndicatorReturn)
def return_changed(sender, instance, raw=False, **kwargs):
    """An approved return's reason and action are on the dashboard: a change to one, or a return
    leaving the approved state, changes it. Officers' draft saves do not (they are most saves)."""
    approved = ReturnState.APPROVED
    if not raw and approved in (instance.state, getattr(instance, "_state_before", None)):
        themes_changed(indicator_themes(instance.indicator_id))


@receiver(pre_save, sender=Indicator)
def remember_lead_theme(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        before = Indicator.objects.filter(pk=instance.pk).values_list("lead_theme_id", flat=True).first()
        instance._lead_before = {before} if before and before != instance.lead_theme_id else set()


@receiver([post_save, post_delete], sender=Indicator)
def indicator_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if kwargs.get("signal") is post_delete:
        themes_changed({instance.lead_theme_id})
    else:
        # The lead theme may have changed: every theme's dashboard that shows it, and the old lead's.
        themes_changed(indicator_themes(instance.pk, instance.lead_theme_id) | getattr(instance, "_lead_before", set()))


@receiver(m2m_changed, sender=Indicator.contributing_themes.through)
def contributors_changed(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "pre_clear") and isinstance(instance, Indicator):
        themes_changed(indicator_themes(instance.pk, instance.lead_theme_id) | set(pk_set or ()))


@receiver([post_save, post_delete], sender=Commission)
def commission_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        themes_changed({instance.theme_id})


@receiver(m2m_changed, sender=Commission.indicators.through)
def delivered_indicators_changed(sender, instance, action, pk_set, **kwargs):
    """The indicators a commission delivers are named beside its spend on its theme's dashboard."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if isinstance(instance, Commission):
        themes_changed({instance.theme_id})
    else:  # changed from the indicator's side
        commissions = Commission.objects.filter(pk__in=pk_set) if pk_set else instance.commissions.all()
        themes_changed(set(commissions.values_list("theme_id", flat=True)))


@receiver([post_save, post_delete], sender=BudgetProfile)
@receiver([post_save, post_delete], sender=SpendReturn)
def money_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        themes_changed(set(Commission.objects.filter(pk=instance.commission_id).values_list("theme_id", flat=True)))


@receiver(return_approved)
def approved(sender, ret, **kwargs):
    queue_on_commit("return_approved", ret.pk)


@receiver(post_save, sender=ExceptionReport)
def exception_report_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:  # the chain made it, and assembles itself
        queue_on_commit("exception_report_changed", instance.pk)
