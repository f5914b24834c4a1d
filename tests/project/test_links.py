"""Every link a person is shown leads somewhere they may go: the demo crawled as each of its
personas, following every link on every page, finds no page refusing them (403), no broken link
(404) and no error."""

import re
from collections import Counter, deque
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import Resolver404, resolve

from partnership.demo.personas import PERSONAS

LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)', re.I)
# Documents and exports are links too, but laying out every PDF would take minutes: their pages
# are tested where they are made. Signing out would end the crawl.
NOT_FOLLOWED = re.compile(r"(/pdf/|\.pdf$|/download/|[?&]export=|/logout/|^/admin/|^/api/|^/static/|/accounts/)")
EXAMPLES = 3  # pages of each kind followed (three boards, three indicators...), with each set of filters


def kind_of(link: str):
    """Which page a link is, whatever it points at: its URL name and the names of its filters."""
    path, _, query = link.partition("?")
    try:
        name = resolve(path).view_name
    except Resolver404:
        name = path
    return name, frozenset(key.split("=")[0] for key in query.split("&") if key)


def crawl(client, start="/"):
    seen, queue, refused = {start}, deque([start]), []
    followed = Counter()
    while queue:
        url = queue.popleft()
        response = client.get(url, follow=True)
        if response.status_code != 200:
            refused.append((url, response.status_code))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            link = unescape(href)
            if link.startswith("?"):
                link = url.split("?")[0] + link
            if link.startswith("/") and not NOT_FOLLOWED.search(link) and link not in seen:
                seen.add(link)
                kind = kind_of(link)
                if followed[kind] < EXAMPLES:
                    followed[kind] += 1
                    queue.append(link)
    return seen, refused


@pytest.mark.django_db
def test_every_link_shown_to_each_demo_persona_leads_somewhere_they_may_go(client):
    call_command("load_demo")
    problems, pages = {}, set()
    for persona in PERSONAS:
        username = persona.username
        client.force_login(get_user_model().objects.get(username=username))
        seen, refused = crawl(client)
        assert len(seen) > 20, f"{username}: the crawl found only {len(seen)} pages"
        if refused:
            problems[username] = refused
        pages |= {kind_of(link)[0] for link in seen}
        client.logout()
    assert not problems, problems
    # the crawl reaches the boards' decisions too (their links are on the board and pack pages)
    assert {"reporting:meeting_decisions", "reporting:decision_log"} <= pages
