from django.urls import path

from .views import (
    calculation,
    catalogue,
    challenges,
    indicators,
    money,
    returns,
    rounds,
    setup,
    spend,
    spreadsheets,
    targets,
)

app_name = "indicators"

# Mounted under /p/<partnership_slug>/ (see config/urls.py): every view here is a tenant view.
indicator_urls = [
    path("indicators/", indicators.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/new/", indicators.IndicatorCreateView.as_view(), name="indicator_create"),
    path("indicators/catalogue/", catalogue.CatalogueView.as_view(), name="catalogue"),
    path("indicators/<int:indicator_id>/", indicators.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("indicators/<int:indicator_id>/edit/", indicators.IndicatorEditView.as_view(), name="indicator_edit"),
    path("indicators/<int:indicator_id>/targets/", targets.TargetsEditView.as_view(), name="targets"),
    path("indicators/<int:indicator_id>/targets/agree/", targets.AgreeTargetsView.as_view(), name="targets_agree"),
    path("indicators/targets/awaiting/", targets.ProposedTargetListView.as_view(), name="targets_awaiting"),
    path(
        "indicators/<int:indicator_id>/calculation/",
        calculation.CalculationEditView.as_view(),
        name="calculation_edit",
    ),
]

return_urls = [
    path("returns/", returns.MyReturnsView.as_view(), name="return_list"),
    path("returns/rounds/open/", rounds.OpenRoundView.as_view(), name="round_open"),
    path("returns/rounds/<int:round_id>/lock/", rounds.LockRoundView.as_view(), name="round_lock"),
    path("returns/<int:indicator_id>/<int:period_id>/", returns.ReturnView.as_view(), name="return_edit"),
    path(
        "returns/<int:indicator_id>/<int:period_id>/preview/",
        returns.ReturnPreviewView.as_view(),
        name="return_preview",
    ),
    path("returns/r/<int:return_id>/decide/", returns.ReturnDecideView.as_view(), name="return_decide"),
    path("returns/r/<int:return_id>/evidence/", returns.EvidenceView.as_view(), name="return_evidence"),
]

challenge_urls = [
    path("returns/challenges/", challenges.ChallengeListView.as_view(), name="challenge_list"),
    path(
        "returns/r/<int:return_id>/challenges/new/", challenges.ChallengeCreateView.as_view(), name="challenge_create"
    ),
    path(
        "returns/challenges/<int:challenge_id>/answer/",
        challenges.ChallengeAnswerView.as_view(),
        name="challenge_answer",
    ),
]

spreadsheet_urls = [
    path(
        "returns/spreadsheet/<int:round_id>/<slug:theme_slug>/download/",
        spreadsheets.SpreadsheetDownloadView.as_view(),
        name="spreadsheet_download",
    ),
    path(
        "returns/spreadsheet/<int:round_id>/<slug:theme_slug>/upload/",
        spreadsheets.SpreadsheetUploadView.as_view(),
        name="spreadsheet_upload",
    ),
]

# The indicators template of "Set up from spreadsheets" (partnership:setup lists it with the others).
setup_urls = [
    path("setup/indicators/download/", setup.IndicatorsDownloadView.as_view(), name="setup_indicators_download"),
    path("setup/indicators/upload/", setup.IndicatorsUploadView.as_view(), name="setup_indicators_upload"),
]

money_urls = [
    path("money/", money.CommissionListView.as_view(), name="commission_list"),
    path("money/new/", money.CommissionCreateView.as_view(), name="commission_create"),
    path("money/<int:commission_id>/", money.CommissionDetailView.as_view(), name="commission_detail"),
    path("money/<int:commission_id>/edit/", money.CommissionEditView.as_view(), name="commission_edit"),
    path("money/<int:commission_id>/budget/", money.BudgetView.as_view(), name="budget_edit"),
    path("money/<int:commission_id>/<int:period_id>/", spend.SpendReturnView.as_view(), name="spend_return_edit"),
    path("money/spend/<int:spend_return_id>/decide/", spend.SpendDecideView.as_view(), name="spend_return_decide"),
    path(
        "money/spreadsheet/<int:round_id>/<slug:theme_slug>/download/",
        spreadsheets.SpendSpreadsheetDownloadView.as_view(),
        name="spend_spreadsheet_download",
    ),
    path(
        "money/spreadsheet/<int:round_id>/<slug:theme_slug>/upload/",
        spreadsheets.SpendSpreadsheetUploadView.as_view(),
        name="spend_spreadsheet_upload",
    ),
]

urlpatterns = indicator_urls + return_urls + challenge_urls + spreadsheet_urls + money_urls + setup_urls
