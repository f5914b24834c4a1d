"""The console watch the journeys end with must see a Content-Security-Policy violation when one
happens, or their "no violations" would prove nothing."""

from .helpers import ConsoleWatch


def test_the_console_watch_catches_an_inline_script_the_policy_refuses(page, live_server, db):
    watch = ConsoleWatch(page)
    page.goto(f"{live_server.url}/accounts/login/")
    watch.assert_clean()

    # when: an inline script without the page's nonce is added, as an injected script would be
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("""() => {
            const script = document.createElement("script");
            script.textContent = "window.ranInline = true";
            document.body.append(script);
        }""")

    # then: the policy refused it, and the watch reports it
    assert page.evaluate("() => window.ranInline === undefined")
    # The violation event is dispatched in a task of its own: let the page run one more.
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve))")
    assert any("script-src" in problem for problem in watch.problems), watch.problems
    assert any(problem.startswith("console error") for problem in watch.problems), watch.problems
