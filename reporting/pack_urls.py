from django.urls import path

from . import pack_views

app_name = "packs"

# Mounted under /p/<partnership_slug>/packs/.
urlpatterns = [
    path("meeting/<int:meeting_id>/", pack_views.MeetingPackView.as_view(), name="meeting"),
    path("meeting/<int:meeting_id>/request/", pack_views.RequestPackView.as_view(), name="request"),
    path("<int:pack_id>/status/", pack_views.PackStatusView.as_view(), name="status"),
    path("<int:pack_id>/download/", pack_views.PackDownloadView.as_view(), name="download"),
]
