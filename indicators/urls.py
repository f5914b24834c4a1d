from django.urls import path

from . import views

app_name = "indicators"

# Mounted under /p/<partnership_slug>/indicators/.
urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="list"),
    path("new/", views.IndicatorCreateView.as_view(), name="create"),
    path("catalogue/", views.CatalogueView.as_view(), name="catalogue"),
    path("<int:indicator_id>/", views.IndicatorDetailView.as_view(), name="detail"),
    path("<int:indicator_id>/edit/", views.IndicatorEditView.as_view(), name="edit"),
    path("<int:indicator_id>/targets/", views.TargetsEditView.as_view(), name="targets"),
]
