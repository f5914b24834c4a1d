"""Data as a JSONField gives it back, so freshly computed data compares equal to stored data
(snapshots, live dashboards, scorecards, calculated indicators' inputs)."""

import json

from django.core.serializers.json import DjangoJSONEncoder


def as_stored(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
