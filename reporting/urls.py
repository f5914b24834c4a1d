from django.urls import path

from .views import calculations, dashboards, decisions, finance, packs, reports, scorecards, timetable

app_name = "reporting"

# Mounted under /p/<partnership_slug>/ (see config/urls.py): every view here is a tenant view.
timetable_urls = [
    path("timetable/", timetable.TimetableView.as_view(), name="timetable"),
    path("timetable/run/", timetable.RunTimetableView.as_view(), name="timetable_run"),
    path("timetable/settings/", timetable.TimetableSettingsView.as_view(), name="timetable_settings"),
]

dashboard_urls = [
    path("themes/<slug:theme_slug>/dashboard/", dashboards.DashboardView.as_view(), name="dashboard"),
    path("themes/<slug:theme_slug>/dashboard/pdf/", dashboards.DashboardPdfView.as_view(), name="dashboard_pdf"),
    path("projects/", dashboards.ProjectScheduleView.as_view(), name="projects"),
    path("projects/pdf/", dashboards.ProjectSchedulePdfView.as_view(), name="projects_pdf"),
]

calculation_urls = [
    path("indicators/<int:indicator_id>/calculate/", calculations.CalculateView.as_view(), name="calculate"),
]

scorecard_urls = [
    path("scorecard/", scorecards.ScorecardView.as_view(), name="scorecard"),
    path("scorecard/pdf/", scorecards.ScorecardPdfView.as_view(), name="scorecard_pdf"),
    path("scorecard/<slug:theme_slug>/", scorecards.ScorecardView.as_view(), name="theme_scorecard"),
    path("scorecard/<slug:theme_slug>/pdf/", scorecards.ScorecardPdfView.as_view(), name="theme_scorecard_pdf"),
]

report_urls = [
    path("reports/", reports.ExceptionListView.as_view(), name="exception_list"),
    path("reports/exception/<int:report_id>/", reports.ExceptionDetailView.as_view(), name="exception_detail"),
    path("reports/exception/<int:report_id>/edit/", reports.ExceptionEditView.as_view(), name="exception_edit"),
    path(
        "reports/exception/<int:report_id>/contribute/",
        reports.ExceptionContributeView.as_view(),
        name="exception_contribute",
    ),
    path(
        "reports/exception/<int:report_id>/finalise/",
        reports.ExceptionFinaliseView.as_view(),
        name="exception_finalise",
    ),
    path("reports/exception/<int:report_id>/pdf/", reports.ExceptionPdfView.as_view(), name="exception_pdf"),
    path("reports/hsp/<int:cycle_id>/", reports.PartnershipReportView.as_view(), name="partnership_report"),
    path("reports/hsp/<int:cycle_id>/pdf/", reports.PartnershipReportPdfView.as_view(), name="partnership_report_pdf"),
    path("reports/finance/<int:cycle_id>/", finance.FinanceReportView.as_view(), name="finance_report"),
    path("reports/finance/<int:cycle_id>/pdf/", finance.FinanceReportPdfView.as_view(), name="finance_report_pdf"),
]

pack_urls = [
    path("packs/meeting/<int:meeting_id>/", packs.MeetingPackView.as_view(), name="pack_meeting"),
    path("packs/meeting/<int:meeting_id>/request/", packs.RequestPackView.as_view(), name="pack_request"),
    path("packs/<int:pack_id>/status/", packs.PackStatusView.as_view(), name="pack_status"),
    path("packs/<int:pack_id>/download/", packs.PackDownloadView.as_view(), name="pack_download"),
]

decision_urls = [
    path("meetings/<int:meeting_id>/decisions/", decisions.MeetingDecisionsView.as_view(), name="meeting_decisions"),
    path("meetings/<int:meeting_id>/decisions/record/", decisions.DecisionRecordView.as_view(), name="decision_record"),
    path(
        "meetings/<int:meeting_id>/decisions/<int:decision_id>/close/",
        decisions.DecisionCloseView.as_view(),
        name="decision_close",
    ),
    path(
        "meetings/<int:meeting_id>/decisions/<int:decision_id>/action/",
        decisions.DecisionActionView.as_view(),
        name="decision_action",
    ),
    path(
        "meetings/<int:meeting_id>/recommendations/record/",
        decisions.RecommendationRecordView.as_view(),
        name="recommendation_record",
    ),
    path("boards/<int:board_id>/decisions/", decisions.DecisionLogView.as_view(), name="decision_log"),
    path("boards/<int:board_id>/decisions/pdf/", decisions.DecisionLogPdfView.as_view(), name="decision_log_pdf"),
    path(
        "boards/<int:board_id>/recommendations/<int:recommendation_id>/respond/",
        decisions.RespondView.as_view(),
        name="recommendation_respond",
    ),
    path("reports/hsp/<int:cycle_id>/assurance/", decisions.AssuranceView.as_view(), name="assurance_edit"),
]

urlpatterns = (
    timetable_urls + dashboard_urls + calculation_urls + scorecard_urls + report_urls + pack_urls + decision_urls
)
