"""Emails are plain text: what they quote (and the notices that copy them) is never HTML-escaped."""

import pytest
from django.template.loader import render_to_string

EMAILS = ["reminder", "chaser", "draft_ready", "report_sent", "decision_assigned"]


@pytest.mark.parametrize("kind", EMAILS)
def test_an_apostrophe_stays_an_apostrophe(kind, full_a):
    full_a.partnership.name = "St Helen's Partnership"
    full_a.theme.name = "Children's Services"
    context = {
        "partnership": full_a.partnership,
        "person": full_a.members["officer"],
        "cycle": full_a.cycle,
        "report": full_a.exception_report,
        "theme": full_a.theme,
        "decision": full_a.decision,
        "items": [],
    }
    for template in (f"reporting/emails/{kind}.txt", f"reporting/emails/{kind}_subject.txt"):
        text = render_to_string(template, context)
        assert "&#x27;" not in text and "&amp;" not in text, template
    both = render_to_string(f"reporting/emails/{kind}_subject.txt", context) + render_to_string(
        f"reporting/emails/{kind}.txt", context
    )
    assert "St Helen's" in both or "Children's Services" in both
