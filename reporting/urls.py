from django.urls import path

from . import views

app_name = "reporting"

# Mounted under /p/<partnership_slug>/.
urlpatterns = [
    path("timetable/", views.TimetableView.as_view(), name="timetable"),
    path("timetable/run/", views.RunTimetableView.as_view(), name="timetable_run"),
    path("timetable/settings/", views.TimetableSettingsView.as_view(), name="timetable_settings"),
]
