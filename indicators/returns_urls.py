from django.urls import include, path

from . import returns_views as views

app_name = "returns"

# Mounted under /p/<partnership_slug>/returns/.
urlpatterns = [
    path("", views.MyReturnsView.as_view(), name="mine"),
    path("rounds/open/", views.OpenRoundView.as_view(), name="round_open"),
    path("rounds/<int:round_id>/lock/", views.LockRoundView.as_view(), name="round_lock"),
    path("challenges/", views.ChallengeListView.as_view(), name="challenges"),
    path("challenges/<int:challenge_id>/answer/", views.ChallengeAnswerView.as_view(), name="challenge_answer"),
    path("r/<int:return_id>/decide/", views.DecideView.as_view(), name="decide"),
    path("r/<int:return_id>/evidence/", views.EvidenceView.as_view(), name="evidence"),
    path("r/<int:return_id>/challenges/new/", views.ChallengeCreateView.as_view(), name="challenge_new"),
    path("<int:indicator_id>/<int:period_id>/", views.ReturnView.as_view(), name="edit"),
    path("<int:indicator_id>/<int:period_id>/preview/", views.ReturnPreviewView.as_view(), name="preview"),
    path("spreadsheet/", include("indicators.spreadsheet_urls")),
]
