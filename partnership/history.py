"""What changed, by whom and why: every object's history (django-simple-history) in words.

One helper for every page that shows a history (returns, spend returns, targets, budget profiles,
exception reports), rendered by the one partial templates/partnership/_history.html: each entry
says when, who, why (the change reason recorded with the save) and what changed, old -> new.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from partnership.numbers import plain_number

NOT_SHOWN = frozenset({"version", "updated_at", "created_at", "submitted_at", "decided_at"})


@dataclass(frozen=True)
class HistoryEntry:
    record: object  # the historical record (history_date, history_user, history_change_reason…)
    changes: list = field(default_factory=list)  # [(what, old, new)] in words
    created: bool = False
    deleted: bool = False
    subject: str = ""  # which of several objects it is about ("Q2 2026/27", "NI 112")

    @property
    def who(self) -> str:
        user = self.record.history_user
        return (user.get_full_name() or user.username) if user else "System"

    @property
    def why(self) -> str:
        return self.record.history_change_reason or self.record.get_history_type_display()


def shown(model, name: str, value, user_names: dict) -> str:
    """A stored value in words: a dash for nothing, Yes/No, a choice's label, a person's name
    rather than an id, a number without trailing zeros."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    model_field = model._meta.get_field(name)
    if model_field.is_relation and model_field.related_model == get_user_model():
        return user_names.get(value, "someone")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "normalize"):
        return plain_number(value)
    return str(value)


def history_entries(
    records,
    *,
    excluded=(),
    labels=None,
    format_value=None,
    on_create=(),
    subject=None,
    skip_created=False,
    skip_unchanged=False,
) -> list[HistoryEntry]:
    """Entries for the historical records of one or more objects of one model, newest first.

    - `excluded`: fields whose changes are not worth showing (versions and timestamps never are);
    - `labels`: {field: words} where the field's verbose name is not what people call it;
    - `format_value(name, value)`: words for a value, or None to fall back on `shown`;
    - `on_create`: fields whose first values an object's creation shows ("Value: – → 56");
    - `subject(record)`: which object an entry is about, where records of several are mixed;
    - `skip_created`: leave out creations (a report drafted by the job is not a person's change);
    - `skip_unchanged`: leave out saves that changed nothing shown.
    """
    records = list(records)
    if not records:
        return []
    model = records[0].instance_type
    user_fields = [f.name for f in model._meta.fields if f.is_relation and f.related_model == get_user_model()]
    user_ids = {getattr(r, f"{name}_id") for r in records for name in user_fields} - {None}
    user_names = (
        {user.pk: user.get_full_name() or user.username for user in get_user_model().objects.filter(pk__in=user_ids)}
        if user_ids
        else {}
    )
    labels = labels or {}
    hidden = NOT_SHOWN | set(excluded)

    def words(name, value):
        text = format_value(name, value) if format_value else None
        return text if text is not None else shown(model, name, value, user_names)

    def label(name):
        return labels.get(name) or str(model._meta.get_field(name).verbose_name).capitalize()

    by_object = {}
    for record in records:
        by_object.setdefault(getattr(record, model._meta.pk.attname), []).append(record)
    entries = []
    for object_records in by_object.values():
        object_records.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in object_records:
            about = subject(record) if subject else ""
            if record.history_type == "-":
                entries.append(HistoryEntry(record, deleted=True, subject=about))
            elif previous is None:
                if not skip_created:
                    first = {n: getattr(record, model._meta.get_field(n).attname) for n in on_create}  # ids, not users
                    changes = [
                        (label(n), "–", words(n, value)) for n, value in first.items() if value not in (None, "")
                    ]
                    entries.append(HistoryEntry(record, changes, created=True, subject=about))
            else:
                delta = record.diff_against(
                    previous, excluded_fields=sorted(hidden & {f.name for f in model._meta.fields})
                )
                changes = [(label(c.field), words(c.field, c.old), words(c.field, c.new)) for c in delta.changes]
                if changes or not skip_unchanged:
                    entries.append(HistoryEntry(record, changes, subject=about))
            previous = record
    entries.sort(key=lambda e: (e.record.history_date, e.record.history_id), reverse=True)
    return entries
