"""The home page ("what needs you now") for the measured partnership's named people: how long it
takes warm, how many queries, how many steps it lists. It reads every kind of work (returns,
reports, boards, set-up), so it is the page most likely to grow with the data."""

from django.contrib.auth import get_user_model

from bench.naming import usernames
from bench.state import MEASURED_PARTNERSHIP
from bench.stats import median, p95
from bench.web import queries_for, signed_in_client, time_get

HOME_REQUESTS = 30


def home_figures(times: int = HOME_REQUESTS) -> dict:
    figures = {}
    for role, username in usernames(MEASURED_PARTNERSHIP).items():
        client = signed_in_client(get_user_model().objects.get(username=username))
        samples = time_get(client, "/", times)
        steps = client.get("/").content.decode().count("govuk-task-list__item ")
        figures[role] = {
            "median_ms": median(samples) * 1000,
            "p95_ms": p95(samples) * 1000,
            "queries": queries_for(client, "/"),
            "steps": steps,
            "requests": times,
        }
    return figures
