"""Edits that could lose something: one exception and one message for every edit that lost a race
(optimistic locking), and one for a save that would remove saved figures without confirmation.

Every form that edits something two people might change at once carries the version (or a
fingerprint) it was opened from; the service refuses a save based on an older one by raising
`StaleEdit`, and the page shows `stale_edit_message` above the form with what the person typed
still in it, beside the saved version.
"""


class StaleEdit(Exception):
    """Someone else saved since this edit began. `current` is the object as saved now (None when
    it was created by someone else since, or when there is nothing useful to show)."""

    def __init__(self, current=None):
        super().__init__("Someone else saved this first.")
        self.current = current


def stale_edit_message(what: str, *, kept: bool = True) -> str:
    """The words shown for a StaleEdit. `what` names the thing ("this return"); `kept` is False
    where there was nothing typed to keep (an approve button)."""
    if not kept:
        return (
            f"Someone else changed {what} since you opened it, so nothing has been done. "
            "Check the latest version, then try again."
        )
    return (
        f"Someone else changed {what} while you were editing it. "
        "Your changes have not been saved: they are still in the "
        "form, and the saved version is shown beside them. Check both, then save again."
    )


class UnconfirmedRemoval(Exception):
    """The save would remove saved figures (`removals`, in words) and was not confirmed: nothing was
    saved. The page asks, keeping what was typed, and the confirmed save goes through."""

    def __init__(self, removals: list[str]):
        super().__init__("; ".join(removals))
        self.removals = removals
