"""Every tenant URL in the project, found by walking the URL resolver (so new pages are covered
automatically), with example kwargs from a partnership tree."""

import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse

TENANT_PREFIXES = ("p/<slug:partnership_slug>/", "api/p/<slug:partnership_slug>/")
# The API names its object `pk`; which object depends on the route.
API_PK = {
    "api:indicator": "indicator_id",
    "api:return": "return_id",
    "api:return_decide": "return_id",
    "api:spend_return": "spend_return_id",
    "api:spend_return_decide": "spend_return_id",
}
# Where a route's board is not the tree's theme board: the board its object belongs to.
BOARD_OF = {"reporting:recommendation_respond": "recommendation_board_id"}


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


def is_tenant_route(route: str) -> bool:
    return route.startswith(TENANT_PREFIXES)


def tenant_url_names():
    return sorted({name for route, name in _walk(get_resolver().url_patterns) if is_tenant_route(route)})


def example_kwargs(tree):
    """Kwargs that make each tenant URL point at a real object of `tree`'s partnership.

    When a new tenant URL takes a kwarg not listed here, the isolation test fails and asks for it.
    """
    tree.with_returns().with_escalations().with_reports().with_notice().with_survey().with_plan()
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
        "report_id": tree.exception_report.pk,
        "cycle_id": tree.cycle.pk,
        "escalation_id": tree.escalation.pk,
        "action_id": tree.action.pk,
        "risk_id": tree.risk.pk,
        "decision_id": tree.decision.pk,
        "recommendation_id": tree.recommendation.pk,
        "recommendation_board_id": tree.recommendation.to_board_id,
        "notice_id": tree.notice.pk,
        "survey_id": tree.survey.pk,
        "statement_id": tree.statement.pk,
        "plan_id": tree.plan.pk,
        "plan_item_id": tree.plan_item.pk,
        "plan_challenge_id": tree.plan_challenge.pk,
        "number": 1,
        "year": tree.plan.financial_year,
        "stage_id": tree.planning_stage.pk,
        "review_id": tree.review.pk,
        "review_target_id": tree.review_target.pk,
        "action_point_id": tree.action_point.pk,
    }


def tenant_urls(tree):
    """[(url name, path)] for every tenant URL, pointing at `tree`'s objects."""
    kwargs = example_kwargs(tree)
    urls = []
    for name in tenant_url_names():
        pattern_kwargs = _kwargs_of(name)
        if name in API_PK:
            kwargs["pk"] = kwargs[API_PK[name]]
        unknown = pattern_kwargs - kwargs.keys()
        assert not unknown, f"tests/tenant_urls.py: add an example for {sorted(unknown)} used by {name}"
        these = {k: kwargs[k] for k in pattern_kwargs}
        if name in BOARD_OF:
            these["board_id"] = kwargs[BOARD_OF[name]]
        urls.append((name, reverse(name, kwargs=these)))
    return urls


def every_url(tree):
    """[(url name, path, is_tenant)] for every named URL pattern of the project: the tenant pages
    and API pointing at `tree`'s objects, and everything else (accounts, the admin, the API's own
    pages) pointing at `tree`'s objects where they take an id."""
    from django.contrib.auth.tokens import default_token_generator
    from django.contrib.contenttypes.models import ContentType
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    urls = [(name, path, True) for name, path in tenant_urls(tree)]
    officer = (tree.members.get("officer") or next(iter(tree.members.values()))).user
    others = {
        "object_id": tree.partnership.pk,
        "id": officer.pk,
        "app_label": "partnership",
        "content_type_id": ContentType.objects.get_for_model(tree.partnership).pk,
        "uidb64": urlsafe_base64_encode(force_bytes(officer.pk)),
        "token": default_token_generator.make_token(officer),
    }
    for route, name in _walk(get_resolver().url_patterns):
        if is_tenant_route(route):
            continue
        pattern_kwargs = _route_kwargs(route)
        unknown = pattern_kwargs - others.keys()
        assert not unknown, f"tests/tenant_urls.py: add an example for {sorted(unknown)} used by {name}"
        regex_groups = re.compile(route.split("^", 1)[1]).groups if "^" in route and "(?P" not in route else 0
        if regex_groups:  # simple_history's "^([^/]+)/history/([^/]+)/$": the object, then a history row
            path = reverse(name, args=[tree.partnership.pk, 1])
        else:
            path = reverse(name, kwargs={k: others[k] for k in pattern_kwargs})
        urls.append((name, path, False))
    return urls


def _route_kwargs(route: str) -> set[str]:
    named = {part.split(">")[0].split(":")[-1] for part in route.split("<")[1:] if not part.startswith("?")}
    return named | set(re.findall(r"\(\?P<(\w+)>", route))


def _kwargs_of(name):
    for route, full_name in _walk(get_resolver().url_patterns):
        if full_name == name:
            return _route_kwargs(route)
    raise AssertionError(f"{name} is not a URL name")
