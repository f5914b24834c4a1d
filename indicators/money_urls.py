from django.urls import path

from . import money_views as views

# Mounted under /p/<partnership_slug>/money/.
app_name = "money"
urlpatterns = [
    path("", views.CommissionListView.as_view(), name="list"),
    path("new/", views.CommissionCreateView.as_view(), name="create"),
    path("<int:commission_id>/", views.CommissionDetailView.as_view(), name="detail"),
    path("<int:commission_id>/edit/", views.CommissionEditView.as_view(), name="edit"),
    path("<int:commission_id>/budget/", views.BudgetView.as_view(), name="budget"),
    path("<int:commission_id>/<int:period_id>/", views.SpendReturnView.as_view(), name="spend"),
    path("spend/<int:spend_return_id>/decide/", views.SpendDecideView.as_view(), name="spend_decide"),
]
