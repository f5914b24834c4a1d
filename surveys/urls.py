from django.urls import path

from .views import manage, member, statements

app_name = "surveys"

# Mounted under /p/<partnership_slug>/surveys/ (see config/urls.py): every view is a tenant view.
# No URL takes an answer or a submission: there are none to name (see surveys.models.AnswerCount).
urlpatterns = [
    path("", member.SurveysView.as_view(), name="list"),
    path("<int:survey_id>/answer/", member.AnswerView.as_view(), name="answer"),
    path("<int:survey_id>/results/", member.ResultsView.as_view(), name="results"),
    path("<int:survey_id>/results.pdf", member.ResultsPdfView.as_view(), name="results_pdf"),
    # The administrator's
    path("manage/", manage.SurveyListView.as_view(), name="manage"),
    path("new/", manage.SurveyCreateView.as_view(), name="create"),
    path("<int:survey_id>/", manage.SurveyDetailView.as_view(), name="detail"),
    path("<int:survey_id>/edit/", manage.SurveyEditView.as_view(), name="edit"),
    path("<int:survey_id>/open/", manage.SurveyOpenView.as_view(), name="open"),
    path("<int:survey_id>/statements/new/", statements.StatementCreateView.as_view(), name="statement_create"),
    path(
        "<int:survey_id>/statements/<int:statement_id>/edit/",
        statements.StatementEditView.as_view(),
        name="statement_edit",
    ),
    path(
        "<int:survey_id>/statements/<int:statement_id>/move/",
        statements.StatementMoveView.as_view(),
        name="statement_move",
    ),
    path(
        "<int:survey_id>/statements/<int:statement_id>/remove/",
        statements.StatementRemoveView.as_view(),
        name="statement_remove",
    ),
]
