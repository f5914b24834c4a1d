"""Personas the API tests act as: the theme's officer and its Report Coordinator."""

import pytest

from partnership.roles import Role

from ..builders import make_member, make_user
from .helpers import api_as


@pytest.fixture
def officer(tree_a):
    return api_as(tree_a.members["officer"])


@pytest.fixture
def coordinator(tree_a):
    return api_as(make_member(tree_a.partnership, make_user("rc"), [(Role.REPORT_COORDINATOR, tree_a.theme)]))
