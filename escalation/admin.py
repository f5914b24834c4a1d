from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Escalation, EscalationEvent, LadderSettings, Risk, RouteStep


class EventInline(admin.TabularInline):
    model = EscalationEvent
    extra = 0
    readonly_fields = ["kind", "from_stage", "to_stage", "by", "at", "review_label", "note"]
    can_delete = False


@admin.register(Escalation)
class EscalationAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "partnership", "stage", "status", "origin", "report_due"]
    list_filter = ["partnership", "status", "stage"]
    raw_id_fields = ["indicator", "owner_member", "owner_board", "nominee", "report_to", "route_step"]
    inlines = [EventInline]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "score", "review_date", "status"]
    list_filter = ["partnership", "status"]
    readonly_fields = ["score"]
    filter_horizontal = ["indicators", "themes"]


admin.site.register(LadderSettings, SimpleHistoryAdmin)
admin.site.register(RouteStep)
