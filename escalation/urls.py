from django.urls import path

from .views import actions, config, escalations, report, risks

app_name = "escalation"

# Mounted under /p/<partnership_slug>/escalation/ (see config/urls.py): every view is a tenant view.
urlpatterns = [
    path("", escalations.EscalationListView.as_view(), name="list"),
    path("new/", escalations.OpenEscalationView.as_view(), name="open"),
    path("<int:escalation_id>/", escalations.EscalationDetailView.as_view(), name="detail"),
    path("<int:escalation_id>/nominate/", escalations.NominateView.as_view(), name="nominate"),
    path("<int:escalation_id>/refer/", escalations.ReferView.as_view(), name="refer"),
    path("<int:escalation_id>/report/", escalations.ReportReceivedView.as_view(), name="report_received"),
    path("<int:escalation_id>/close/", escalations.CloseView.as_view(), name="close"),
    path("<int:escalation_id>/plan/", actions.PlanEditView.as_view(), name="plan"),
    path("<int:escalation_id>/actions/new/", actions.ActionCreateView.as_view(), name="action_create"),
    path("actions/", actions.ActionListView.as_view(), name="action_list"),
    path("actions/<int:action_id>/edit/", actions.ActionEditView.as_view(), name="action_edit"),
    path("actions/<int:action_id>/progress/", actions.ActionProgressView.as_view(), name="action_progress"),
    path("risks/", risks.RiskListView.as_view(), name="risk_list"),
    path("risks/new/", risks.RiskCreateView.as_view(), name="risk_create"),
    path("risks/<int:risk_id>/", risks.RiskDetailView.as_view(), name="risk_detail"),
    path("risks/<int:risk_id>/edit/", risks.RiskEditView.as_view(), name="risk_edit"),
    path("route/", config.RouteView.as_view(), name="route"),
    path("route/edit/", config.RouteEditView.as_view(), name="route_edit"),
    path("settings/", config.LadderSettingsView.as_view(), name="settings"),
    path("report/", report.SixMonthlyReportView.as_view(), name="report"),
    path("report.pdf", report.SixMonthlyReportPdfView.as_view(), name="report_pdf"),
]
