from django.urls import path

from . import spreadsheet_views as views

# Mounted under /p/<partnership_slug>/returns/spreadsheet/ (namespace returns:spreadsheet).
app_name = "spreadsheet"
urlpatterns = [
    path("<int:round_id>/<slug:theme_slug>/download/", views.SpreadsheetDownloadView.as_view(), name="download"),
    path("<int:round_id>/<slug:theme_slug>/upload/", views.SpreadsheetUploadView.as_view(), name="upload"),
]
