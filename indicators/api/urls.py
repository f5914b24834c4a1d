"""The REST API: /api/token/, /api/schema/ (OpenAPI), /api/docs/ (Swagger UI), and each
partnership's data under /api/p/<slug>/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import spend, views
from .errors import NoRouteView

app_name = "api"

tenant = [
    path("indicators/", views.IndicatorListView.as_view(), name="indicators"),
    path("indicators/<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator"),
    path("indicators/<int:indicator_id>/targets/", views.IndicatorTargetsView.as_view(), name="indicator_targets"),
    path("indicators/<int:indicator_id>/results/", views.IndicatorResultsView.as_view(), name="indicator_results"),
    path("returns/", views.ReturnListView.as_view(), name="returns"),
    path("returns/<int:pk>/", views.ReturnDetailView.as_view(), name="return"),
    path("returns/<int:pk>/decide/", views.ReturnDecideView.as_view(), name="return_decide"),
    path("spend-returns/", spend.SpendReturnListView.as_view(), name="spend_returns"),
    path("spend-returns/<int:pk>/", spend.SpendReturnDetailView.as_view(), name="spend_return"),
    path("spend-returns/<int:pk>/decide/", spend.SpendReturnDecideView.as_view(), name="spend_return_decide"),
]

urlpatterns = [
    path("token/", views.TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("partnerships/", views.PartnershipListView.as_view(), name="partnerships"),
    path("p/<slug:partnership_slug>/", include(tenant)),
    re_path(r"", NoRouteView.as_view()),  # last: any other address under /api/ is a JSON 404, not an HTML page
]
