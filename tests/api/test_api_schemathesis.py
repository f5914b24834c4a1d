"""Schemathesis against the API's own schema (/api/schema/), in-process: every operation gets
requests generated from the schema, valid and invalid, sent as a member of a partnership built for
the test; every answer must be no 5xx, a status the operation documents, with its content type,
headers and body as the schema says.

Bounded to stay lean: the coverage phase (the schema's boundary values and wrong types, made once)
plus MAX_EXAMPLES random cases per operation, no shrinking, no example database, deterministic
(the same cases every run, so CI does not fail at random). The requests go to Django's WSGI app in
this thread, so they use this test's database transaction and leave nothing behind.
"""

import zlib
from decimal import Decimal

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from indicators.periods import year_span
from indicators.services.rounds import open_round
from partnership.roles import Role

from ..builders import make_commission, make_indicator, make_member, make_return, make_spend, make_user

MAX_EXAMPLES = 25
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 2026,
        "suppress-health-check": ["all"],
        "cache": {"enabled": False},
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "no-shrink": True,
            "deterministic": True,
            "database": "none",
        },
        "phases": {
            "examples": {"enabled": False},  # the schema has no examples of its own
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    unsupported_method,  # a method a path does not list: 405, with an Allow header
]


@pytest.fixture
def wsgi_app():
    """Django's WSGI app as it serves. Django's test client stops each request from closing the
    database connection at its end; this does the same, or the test's transaction would be lost."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzzed(returns_a):
    """Partnership A with returns, a member who enters, approves and reopens the theme's returns,
    and more to find: a ratio indicator with a submitted return, an annual indicator with a target,
    and a second round open (for returns not yet started). What generated requests are steered to."""
    tree = returns_a
    member = make_member(
        tree.partnership,
        make_user("fuzzer"),
        [
            (role, tree.theme)
            for role in (Role.LEAD_INFORMATION_OFFICER, Role.REPORT_COORDINATOR, Role.PERFORMANCE_MANAGEMENT_LEAD)
        ],
    )
    earlier = tree.quarter.previous()
    open_round(tree.partnership, earlier)
    ratio = make_indicator(tree, "NI 50", unit="percentage", polarity="higher", is_ratio=True)
    year = year_span(tree.quarter.financial_year)
    annual = make_indicator(
        tree,
        "L 01",
        unit="count",
        frequency="annual",
        accumulation="cumulative",
        targets=[(year.financial_year, 100, 90)],
    )
    submitted = make_return(ratio, tree.quarter, state="submitted", numerator=Decimal(3), denominator=Decimal(4))
    youth = make_commission(tree, "Youth Commission", profile=[(tree.quarter, 5000)])
    spend_submitted = make_spend(youth, tree.quarter, 4000, state="submitted")
    tree.fuzz = {
        "token": Token.objects.create(user=member.user).key,
        "indicators": [tree.indicator.pk, ratio.pk, annual.pk],
        "returns": [tree.indicator_return.pk, submitted.pk],
        "entries": [  # (indicator, period_start): saved, submitted, not started, a year without a round
            (tree.indicator.pk, tree.quarter.start.isoformat()),
            (ratio.pk, tree.quarter.start.isoformat()),
            (tree.indicator.pk, earlier.start.isoformat()),
            (ratio.pk, earlier.start.isoformat()),
            (annual.pk, year.start.isoformat()),
        ],
        "spend_returns": [tree.spend_return.pk, spend_submitted.pk],
        "spend_entries": [  # (commission, period_start): saved, submitted, not started
            (tree.commission.pk, tree.quarter.start.isoformat()),
            (youth.pk, tree.quarter.start.isoformat()),
            (youth.pk, earlier.start.isoformat()),
        ],
    }
    return tree


@pytest.fixture
def api_schema(fuzzed, wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")


def as_int(value):
    """A generated number (the coverage phase sends path values as strings), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 20:
        return int(value)
    return None


def steer(case, fuzz):
    """Point generated requests at partnership A (another slug is only ever a 404, which the
    tenancy tests cover) and valid ones, mostly, at its real objects: random ids and dates almost
    never name one, and the work (saving, deciding, judging status) happens only when they do.
    Which object is chosen by a checksum of the request, so a run is the same every time; one
    choice in each pool keeps what was generated (mostly not found). Invalid values (wrong types,
    out of range) are sent as generated."""
    params = case.path_parameters or {}
    if "partnership_slug" in params:
        params["partnership_slug"] = "alpha"
    if case.meta is not None and case.meta.generation.mode != schemathesis.GenerationMode.POSITIVE:
        return
    checksum = zlib.crc32(repr((case.path_parameters, case.query, case.body)).encode())

    def pick(pool, generated):
        choice = checksum % (len(pool) + 1)
        return pool[choice] if choice < len(pool) else generated

    path = case.operation.path
    for name in ("id", "indicator_id"):
        if as_int(params.get(name)) is not None:
            pool = "indicators"
            if name == "id" and "/returns/" in path:
                pool = "returns"
            elif name == "id" and "/spend-returns/" in path:
                pool = "spend_returns"
            params[name] = pick(fuzz[pool], params[name])
    body = case.body
    if isinstance(body, dict):
        for key, entries in (("indicator", "entries"), ("commission", "spend_entries")):
            if as_int(body.get(key)) is not None:
                body[key], body["period_start"] = pick(fuzz[entries], (body[key], body.get("period_start")))
        if (version := as_int(body.get("version"))) is not None:
            body["version"] = (version + checksum) % 3  # 0 (not started), 1 or 2: now and then the version saved


@schema.parametrize()
def test_the_api_answers_as_its_schema_says(case, fuzzed):
    steer(case, fuzzed.fuzz)
    with transaction.atomic():  # each case starts from the same tree: what it saved is rolled back
        case.call_and_validate(headers={"Authorization": f"Token {fuzzed.fuzz['token']}"}, checks=CHECKS)
        transaction.set_rollback(True)
