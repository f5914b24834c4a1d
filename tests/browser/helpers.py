"""What the browser tests share: signing in, watching the console for Content-Security-Policy
violations and script errors, moving by keyboard, and running axe-core."""

import re
from pathlib import Path

from playwright.sync_api import expect

from ..builders import PASSWORD

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# axe's impact levels; the ones that fail a page.
BLOCKING_IMPACTS = ("serious", "critical")


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    # Signed in when the service navigation offers to sign out (the page after depends on the person).
    expect(page.get_by_role("button", name=re.compile("^Sign out"))).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name=re.compile("^Sign out")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


# --- the console ---------------------------------------------------------------------------

CSP_WORDS = ("Content Security Policy", "Content-Security-Policy", "Refused to")

# Reports every `securitypolicyviolation` event, the browser's own record of what the policy
# blocked: console wording can change between Chromium versions, the event cannot.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(`${event.effectiveDirective} refused ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile || document.location.href}:${event.lineNumber})`);
});
"""


class ConsoleWatch:
    """Collects, for one page, the Content-Security-Policy violations and uncaught script errors."""

    def __init__(self, page):
        self.problems = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught script error on {page.url}: {error}"))
        page.expose_function(
            "reportCspViolation", lambda text: self.problems.append(f"CSP violation on {page.url}: {text}")
        )
        page.add_init_script(REPORT_VIOLATIONS)
        self._page = page

    def _on_console(self, message):
        # Other console errors (a 404 page's own "Failed to load resource") are not this check's concern.
        if message.type in ("error", "warning") and any(word in message.text for word in CSP_WORDS):
            self.problems.append(f"console {message.type} on {self._page.url}: {message.text}")

    def assert_clean(self):
        assert not self.problems, "The browser reported:\n" + "\n".join(self.problems)


# --- the keyboard --------------------------------------------------------------------------

# The focused element as a person using a screen reader would hear it: its accessible name (from
# aria-labelledby, aria-label, its <label> or its text), role-ish tag and id.
FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: "", tag: "body", id: "", focusVisible: false, html: ""};
  const text = (node) => (node ? node.textContent : "");
  let name = "";
  if (el.getAttribute("aria-labelledby")) {
    name = el.getAttribute("aria-labelledby").split(/\\s+/).map((id) => text(document.getElementById(id))).join(" ");
  } else if (el.getAttribute("aria-label")) {
    name = el.getAttribute("aria-label");
  } else if (el.labels && el.labels.length) {
    name = Array.from(el.labels).map(text).join(" ");
  } else {
    name = el.innerText || el.textContent || el.value || "";
  }
  const style = getComputedStyle(el);
  return {
    name: name.replace(/\\s+/g, " ").trim(),
    tag: el.tagName.toLowerCase(),
    id: el.id,
    classes: el.className && typeof el.className === "string" ? el.className : "",
    focusVisible: el.matches(":focus-visible"),
    // GOV.UK's focus state: a yellow outline (inputs, buttons) or a yellow background with a
    // black underline drawn as a box-shadow (links).
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    boxShadow: style.boxShadow !== "none",
    background: style.backgroundColor,
    html: el.outerHTML.slice(0, 160),
  };
}
"""


def focused(page):
    return page.evaluate(FOCUSED)


def _matches(target, info):
    if callable(target):
        return target(info)
    if isinstance(target, re.Pattern):
        return bool(target.search(info["name"]))
    return info["name"] == target


def tab_to(page, target, limit=80, backwards=False):
    """Press Tab (Shift+Tab when `backwards`) until the focused element's accessible name equals
    `target` (a string), matches it (a compiled regex) or satisfies it (a callable given the
    focused element's description). Returns that description."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        if _matches(target, info):
            assert_focus_visible(info)
            return info
        seen.append(
            f"{info['tag']}#{info['id']} {info['name'][:50]!r}"
            if info["id"]
            else f"{info['tag']} {info['name'][:50]!r}"
        )
    raise AssertionError(
        f"{key} did not reach {getattr(target, 'pattern', target)!r} "
        f"within {limit} presses on {page.url}. Focus went to:\n  " + "\n  ".join(seen)
    )


def assert_focus_visible(info):
    """Focus is shown: the browser treats it as keyboard focus and GOV.UK's focus style applies."""
    assert info["focusVisible"], f"Focus on {info['html']} is not :focus-visible"
    assert info["outline"] or info["boxShadow"], f"Focus on {info['html']} has no visible outline or focus style"


# --- axe-core ------------------------------------------------------------------------------


def axe_violations(page):
    """Run axe-core on the page; return its violations. Needs a context with bypass_csp=True: the
    policy would refuse the injected script."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']}).then((results) => results.violations)")


def blocking(violations):
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(violations):
    """Each violation's id, impact, help and the CSS targets of its nodes, one block per violation."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            fixes = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
            lines.append(f"    at {' '.join(map(str, node['target']))}: {fixes}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)
