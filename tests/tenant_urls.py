"""Every tenant URL in the project, found by walking the URL resolver (so new pages are covered
automatically), with example kwargs from a partnership tree."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

TENANT_PREFIX = "p/<slug:partnership_slug>/"


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if namespace and entry.namespace:
                ns = f"{namespace}:{entry.namespace}"
            yield from _walk(entry.url_patterns, route, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield route, f"{namespace}:{entry.name}" if namespace else entry.name


def tenant_url_names():
    return sorted({name for route, name in _walk(get_resolver().url_patterns) if route.startswith(TENANT_PREFIX)})


def add_reports(tree):
    """The quarter's reporting cycle with its dashboards frozen (an exception report per theme).
    Made here, on demand, not in conftest's add_returns: other tests count or delete cycles and
    snapshots from a clean start."""
    if not hasattr(tree, "exception_report"):
        from django.utils import timezone

        from reporting.cycles import freeze_snapshots, open_cycle

        tree.cycle = open_cycle(tree.partnership, tree.quarter)
        freeze_snapshots(tree.cycle, tree.cycle.exception_reports_due, timezone.now())
        tree.exception_report = tree.cycle.exception_reports.get(theme=tree.theme)
    return tree


def example_kwargs(tree):
    """Kwargs that make each tenant URL point at a real object of `tree`'s partnership.

    When a new tenant URL takes a kwarg not listed here, the isolation test fails and asks for it.
    """
    officer = tree.members.get("officer") or next(iter(tree.members.values()))
    assignment = officer.role_assignments.first()
    return {
        "partnership_slug": tree.partnership.slug,
        "board_id": tree.theme_board.pk,
        "meeting_id": tree.meeting.pk,
        "theme_slug": tree.theme.slug,
        "membership_id": officer.pk,
        "assignment_id": assignment.pk,
        "indicator_id": tree.indicator.pk,
        "period_id": tree.period.pk,
        "return_id": tree.indicator_return.pk,
        "challenge_id": tree.challenge.pk,
        "round_id": tree.round.pk,
        "commission_id": tree.commission.pk,
        "spend_return_id": tree.spend_return.pk,
        "pack_id": tree.board_pack.pk,
        "report_id": add_reports(tree).exception_report.pk,
        "cycle_id": tree.cycle.pk,
        "escalation_id": tree.escalation.pk,
        "action_id": tree.action.pk,
        "risk_id": tree.risk.pk,
    }


def tenant_urls(tree):
    """[(url name, path)] for every tenant URL, pointing at `tree`'s objects."""
    kwargs = example_kwargs(tree)
    urls = []
    for name in tenant_url_names():
        pattern_kwargs = _kwargs_of(name)
        unknown = pattern_kwargs - kwargs.keys()
        assert not unknown, f"tests/tenant_urls.py: add an example for {sorted(unknown)} used by {name}"
        urls.append((name, reverse(name, kwargs={k: kwargs[k] for k in pattern_kwargs})))
    return urls


def _kwargs_of(name):
    for route, full_name in _walk(get_resolver().url_patterns):
        if full_name == name:
            # "<int:board_id>/" -> "board_id"
            return {part.split(">")[0].split(":")[-1] for part in route.split("<")[1:]}
    raise AssertionError(f"{name} is not a URL name")
