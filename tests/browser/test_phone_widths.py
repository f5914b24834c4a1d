"""Phones and the navigation: at 375 CSS pixels the main pages never scroll sideways (a table wider
than the screen scrolls in its own named, focusable box, with a shadow on the edge that has more
columns beyond it), and at 1280 pixels the whole menu sits on one line.

One signed-in page visits the pages in turn: browser tests are slow on two cores."""

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from indicators.periods import year_span
from partnership.models import NoticeKind
from partnership.services.notices import tell

from ..builders import make_commission, make_indicator
from .conftest import ARTIFACTS

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}

# What sticks out of the window: the outermost elements whose right edge passes it, and every table
# with the box it scrolls in (if any) and what that box offers a keyboard and the eye.
MEASURE = """() => {
  const width = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const sticking = [];
  for (const el of document.querySelectorAll("body *")) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 0.5 && el.parentElement.getBoundingClientRect().right <= width + 0.5) {
      sticking.push(`${name(el)} reaches ${Math.round(right)}px: ${(el.textContent || "").trim().slice(0, 40)}`);
    }
  }
  const tables = Array.from(document.querySelectorAll("main table")).map((table) => {
    const box = table.closest(".app-table-scroll");
    return {
      table: (table.querySelector("th") || table).textContent.trim().slice(0, 40),
      fits: table.getBoundingClientRect().right <= width + 0.5,
      box: box && {
        role: box.getAttribute("role"),
        tabindex: box.getAttribute("tabindex"),
        label: (box.getAttribute("aria-label") || "").trim(),
        cue: getComputedStyle(box).backgroundImage.includes("gradient"),
        scrolls: box.scrollWidth > box.clientWidth,
        inside: box.getBoundingClientRect().right <= width + 0.5,
        captionShown: !table.caption
          || table.caption.getBoundingClientRect().right <= box.getBoundingClientRect().right + 0.5,
      },
    };
  });
  return {
    width,
    document: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    sticking: sticking.slice(0, 8),
    tables,
  };
}"""


def problems_at_phone_width(measured) -> list[str]:
    """What stops a page reading on a phone: sideways scrolling, or a table that neither fits nor
    sits in a scrolling box a keyboard can reach and an eye can see is scrollable."""
    found = []
    for part in ("document", "body"):
        if measured[part] > measured["width"]:
            found.append(f"the {part} is {measured[part]}px wide in a {measured['width']}px window")
    if found:
        found += [f"  {line}" for line in measured["sticking"]]
    for table in measured["tables"]:
        box = table["box"]
        if box is None:
            if not table["fits"]:
                found.append(f"table {table['table']!r} is wider than the screen and has no scrolling box")
            continue
        if (box["role"], box["tabindex"]) != ("region", "0") or not box["label"]:
            found.append(f"table {table['table']!r}: its box is not a named region with tabindex 0: {box}")
        if not box["cue"]:
            found.append(f"table {table['table']!r}: its box shows no shadow cue")
        if not box["inside"]:
            found.append(f"table {table['table']!r}: its box itself is wider than the screen")
        if not box["captionShown"]:
            found.append(f"table {table['table']!r}: its caption runs past the box, cut off")
    return found


def sign_in_by_cookie(page, live_server, user):
    """The journeys test signing in; these tests are about the pages."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.fixture(scope="module")
def screen(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def wide_data(tree):
    """tree_a with what makes pages wide: an indicator with long words, a year of results against
    targets (a chart, statuses, a red exception), a commission with a long name, and the quarter's
    reports."""
    quarter = tree.quarter
    spans = [quarter.previous().previous().previous(), quarter.previous().previous(), quarter.previous(), quarter]
    tree.wide_indicator = make_indicator(
        tree,
        "NI 8",
        title="Adult participation in sport and active recreation (three sessions a week)",
        unit="percentage",
        polarity="higher",
        targets=[(year, Decimal(60), Decimal(55)) for year in sorted({span.financial_year for span in spans})],
        results=list(zip(spans, (Decimal("52.4"), Decimal("56.1"), Decimal("61.0"), Decimal("48.7")), strict=True)),
    )
    make_commission(tree, "Teenage Pregnancy Prevention and Sexual Health Outreach", profile=[(quarter, 125000)])
    return tree.with_reports()


def phone_pages(tree):
    """(name, path, a table on it that this data makes wider than a phone, or None): the wide tables
    show the check is not passing on pages that happen to be narrow."""
    theme = tree.theme.slug
    year = year_span(tree.quarter.financial_year).label  # "2026/27"
    return [
        ("theme dashboard", f"/p/alpha/themes/{theme}/dashboard/", "Performance against agreed targets"),
        ("indicator page", f"/p/alpha/indicators/{tree.wide_indicator.pk}/", f"Results for {year}"),
        ("indicator list (sortable columns)", "/p/alpha/indicators/", "Indicators"),
        ("escalation list", "/p/alpha/escalation/", "Escalations"),
        ("escalation page", f"/p/alpha/escalation/{tree.escalation.pk}/", "SMART actions"),
        ("money", "/p/alpha/money/", "Commissions and projects"),
        ("commission page", f"/p/alpha/money/{tree.commission.pk}/", f"Quarters of {year}"),
        ("timetable", "/p/alpha/timetable/", "Returns by theme"),
        ("reports list", "/p/alpha/reports/", None),
        ("exception report", f"/p/alpha/reports/exception/{tree.exception_report.pk}/", None),
        ("HSP/PMG report", f"/p/alpha/reports/hsp/{tree.cycle.pk}/", "Red items by theme"),
    ]


def test_the_main_pages_do_not_scroll_sideways_on_a_phone(screen, live_server, tree_a):
    tree = wide_data(tree_a)
    sign_in_by_cookie(screen, live_server, tree.members["admin"].user)
    screen.set_viewport_size(PHONE)

    failures = {}
    for name, path, wide_table in phone_pages(tree):
        response = screen.goto(live_server.url + path)
        assert response.status == 200, f"{name} ({path}) answered {response.status}"
        measured = screen.evaluate(MEASURE)
        found = problems_at_phone_width(measured)
        scrolling = [table["box"]["label"] for table in measured["tables"] if table["box"] and table["box"]["scrolls"]]
        if wide_table and wide_table not in scrolling:
            found.append(f"expected table {wide_table!r} to be wider than the phone and scroll; scrolling: {scrolling}")
        if found:
            failures[f"{name} ({path})"] = found
    assert not failures, "At 375px:\n" + "\n".join(
        f"- {page}:\n    " + "\n    ".join(found) for page, found in failures.items()
    )


def test_a_sortable_list_keeps_its_sort_links_accessible_without_widening_the_page(screen, live_server, tree_a):
    tree = wide_data(tree_a)
    sign_in_by_cookie(screen, live_server, tree.members["admin"].user)
    screen.set_viewport_size(PHONE)
    screen.goto(f"{live_server.url}/p/alpha/indicators/")

    # then: each sortable header's link is named, for a screen reader, as a sort link
    headers = screen.locator("main th.orderable")
    sort_links = screen.locator("main").get_by_role("link", name=re.compile(r"^\S.* \(sort\)$"))
    assert headers.count() >= 3
    assert sort_links.count() == headers.count()

    # when: they sort by the first column
    sort_links.first.click()

    # then: that header says how the column is sorted, and the page is still no wider than the phone
    assert screen.locator("main th[aria-sort=ascending]").count() == 1
    measured = screen.evaluate(MEASURE)
    assert measured["document"] <= measured["width"], measured["sticking"]
    assert measured["body"] <= measured["width"], measured["sticking"]


def edge_darkness(box, side) -> int:
    """How dark the box's own background is at one inner edge: 0 is white, 255 black."""
    image = Image.open(io.BytesIO(box.screenshot())).convert("L")
    middle = image.height // 2
    left = 1 if side == "left" else image.width - 5
    darkest, _ = image.crop((left, middle - 2, left + 4, middle + 2)).getextrema()
    return 255 - darkest


def test_a_wide_table_scrolls_in_its_own_box_with_a_shadow_on_the_side_with_more(screen, live_server, tree_a):
    tree = wide_data(tree_a)
    sign_in_by_cookie(screen, live_server, tree.members["admin"].user)
    screen.set_viewport_size(PHONE)
    screen.goto(f"{live_server.url}/p/alpha/themes/{tree.theme.slug}/dashboard/")

    # given: the dashboard's indicator table, wider than a phone, scrolls inside its box
    box = screen.get_by_role("region", name="Performance against agreed targets")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth + 100")
    assert box.get_attribute("tabindex") == "0"
    ARTIFACTS.mkdir(exist_ok=True)
    screen.screenshot(path=str(ARTIFACTS / "phone-dashboard.png"), full_page=True)

    # the box's background alone: the table is made invisible but keeps its width
    box.locator("table").evaluate("el => { el.style.visibility = 'hidden'; }")

    # then: at the start the right edge is shaded (more columns that way) and the left is not
    assert edge_darkness(box, "right") > 30
    assert edge_darkness(box, "left") < 10

    # when: a keyboard user focuses the box and scrolls it along, then on to the end
    box.focus()
    screen.keyboard.press("ArrowRight")
    screen.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle(), timeout=5000)
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; el.blur(); }")

    # then: the shadow has moved to the left edge
    assert edge_darkness(box, "left") > 30
    assert edge_darkness(box, "right") < 10


def test_the_menu_fits_one_line_on_a_desktop_screen(screen, live_server, tree_a):
    # given: the longest menu there is: a partnership administrator who is also staff (Admin) and has
    # unread notices
    admin = tree_a.members["admin"]
    admin.user.is_staff = True
    admin.user.save(update_fields=["is_staff"])
    for subject in ("Returns due", "Exception report drafted"):
        tell(admin, NoticeKind.REMINDER, subject, "Dear Admin,\n\nSee the partnership.", "/p/alpha/", email=False)
    sign_in_by_cookie(screen, live_server, admin.user)
    screen.set_viewport_size(DESKTOP)

    screen.goto(f"{live_server.url}/p/alpha/")

    items = screen.locator(".govuk-service-navigation__item")
    texts = [" ".join(text.split()) for text in items.all_inner_texts()]
    assert "Admin" in texts and "Notices (2 unread)" in texts, texts
    tops = items.evaluate_all("els => els.map((el) => Math.round(el.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, f"The menu wraps at 1280px: {list(zip(texts, tops, strict=True))}"
