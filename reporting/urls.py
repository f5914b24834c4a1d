from django.urls import path

from . import dashboard_views, views

app_name = "reporting"

# Mounted under /p/<partnership_slug>/.
urlpatterns = [
    path("timetable/", views.TimetableView.as_view(), name="timetable"),
    path("timetable/run/", views.RunTimetableView.as_view(), name="timetable_run"),
    path("timetable/settings/", views.TimetableSettingsView.as_view(), name="timetable_settings"),
    path("themes/<slug:theme_slug>/dashboard/", dashboard_views.DashboardView.as_view(), name="dashboard"),
    path("themes/<slug:theme_slug>/dashboard/pdf/", dashboard_views.DashboardPdfView.as_view(), name="dashboard_pdf"),
    path("projects/", dashboard_views.ProjectScheduleView.as_view(), name="projects"),
    path("projects/pdf/", dashboard_views.ProjectSchedulePdfView.as_view(), name="projects_pdf"),
    path("scorecard/", dashboard_views.ScorecardView.as_view(), name="scorecard"),
]
