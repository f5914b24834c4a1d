"""Demo equality monitoring answers: the loader calls `load_monitoring` with invented answers, one
dict per active member in member order (the answers are the demo's, never anyone's real ones).
Idempotent: answers a form already holds are not saved again, and nothing is deleted."""

from partnership.models import Membership
from partnership.services.monitoring import save_answers


def load_monitoring(partnership, answers: list[dict]) -> int:
    """Write a form for each of the partnership's active members, in member order (Membership's
    ordering: last name, first name, username), from `answers`: each a dict of field -> answer
    ("ethnic_group", "sex", "faith", "religion", "age_band", "disability"; values as in
    partnership.equality, "" or missing for not answered). None or {} leaves that member without
    a form (or with the one they have). Returns how many forms were written or already matched.
    Raises ValueError for more answers than members or an unknown field, and ValidationError for
    an answer that is not one of the choices."""
    members = list(Membership.objects.for_partnership(partnership).filter(is_active=True))
    if len(answers) > len(members):
        raise ValueError(f"{len(answers)} sets of answers for {len(members)} active members of {partnership}.")
    written = 0
    for member, given in zip(members, answers, strict=False):
        if given:
            save_answers(member, given)
            written += 1
    return written
