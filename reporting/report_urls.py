from django.urls import path

from . import report_views

app_name = "reports"

# Mounted under /p/<partnership_slug>/reports/.
urlpatterns = [
    path("", report_views.ExceptionListView.as_view(), name="exception_list"),
    path("exception/<int:report_id>/", report_views.ExceptionDetailView.as_view(), name="exception_detail"),
    path("exception/<int:report_id>/edit/", report_views.ExceptionEditView.as_view(), name="exception_edit"),
    path("exception/<int:report_id>/finalise/", report_views.ExceptionFinaliseView.as_view(), name="exception_finalise"),
    path("exception/<int:report_id>/pdf/", report_views.ExceptionPdfView.as_view(), name="exception_pdf"),
    path("hsp/<int:cycle_id>/", report_views.PartnershipReportView.as_view(), name="partnership_report"),
    path("hsp/<int:cycle_id>/pdf/", report_views.PartnershipReportPdfView.as_view(), name="partnership_report_pdf"),
]
