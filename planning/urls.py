from django.urls import path

from .views import calendar, items, laa, plans, review, review_targets, steps

app_name = "planning"

# Mounted under /p/<partnership_slug>/plans/ (config/urls.py): every view is a tenant view.
urlpatterns = [
    path("", plans.PlanListView.as_view(), name="plans"),
    path("new/", plans.PlanCreateView.as_view(), name="plan_create"),
    path("<int:plan_id>/", plans.PlanDetailView.as_view(), name="plan"),
    path("<int:plan_id>/edit/", plans.PlanEditView.as_view(), name="plan_edit"),
    path("<int:plan_id>/versions/<int:number>/", plans.PlanVersionView.as_view(), name="plan_version"),
    path("<int:plan_id>/items/new/", items.ItemFormView.as_view(), name="item_create"),
    path("<int:plan_id>/items/<int:plan_item_id>/edit/", items.ItemFormView.as_view(), name="item_edit"),
    path("<int:plan_id>/submit/", steps.SubmitView.as_view(), name="plan_submit"),
    path("<int:plan_id>/withdraw/", steps.WithdrawView.as_view(), name="plan_withdraw"),
    path("<int:plan_id>/challenge/", steps.ChallengeView.as_view(), name="plan_challenge"),
    path(
        "<int:plan_id>/challenges/<int:plan_challenge_id>/answer/",
        steps.AnswerView.as_view(),
        name="challenge_answer",
    ),
    path("<int:plan_id>/recommend/", steps.RecommendView.as_view(), name="plan_recommend"),
    path("<int:plan_id>/approve/", steps.ApproveView.as_view(), name="plan_approve"),
    path("calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path("calendar/<int:stage_id>/edit/", calendar.StageEditView.as_view(), name="stage_edit"),
    path("review/", review.ReviewsView.as_view(), name="reviews"),
    path("review/<int:review_id>/", review.ReviewView.as_view(), name="review"),
    path("review/<int:review_id>/agree/", review.AgreeReviewView.as_view(), name="review_agree"),
    path("review/<int:review_id>/report/", review.AnnualReportView.as_view(), name="annual_report"),
    path("review/<int:review_id>/report.pdf", review.AnnualReportPdfView.as_view(), name="annual_report_pdf"),
    path(
        "review/<int:review_id>/targets/<int:review_target_id>/",
        review_targets.PlaceTargetView.as_view(),
        name="review_target",
    ),
    path(
        "review/<int:review_id>/targets/<int:review_target_id>/points/new/",
        review_targets.ActionPointCreateView.as_view(),
        name="point_create",
    ),
    path(
        "review/points/<int:action_point_id>/progress/",
        review_targets.PointProgressView.as_view(),
        name="point_progress",
    ),
    path("laa/<int:year>/", laa.LaaPlanView.as_view(), name="laa_plan"),
    path("laa/<int:year>.pdf", laa.LaaPlanPdfView.as_view(), name="laa_plan_pdf"),
]
