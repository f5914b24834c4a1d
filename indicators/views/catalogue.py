from django.urls import reverse

from indicators.filtersets import CatalogueFilterSet
from indicators.models import CatalogueIndicator, Indicator
from indicators.tables import CatalogueTable
from partnership.views.lists import ScopedListView


class CatalogueView(ScopedListView):
    """The national indicator set, marking what this partnership has adopted."""

    table_class = CatalogueTable
    filterset_class = CatalogueFilterSet
    export_name = "national-indicators"
    page_title = "National indicator set"
    nav_section = "indicators"
    paginate_by = 50
    template_name = "indicators/catalogue_list.html"

    def get_queryset(self):
        # The catalogue is shared reference data, not tenant data; only the adoption marks are scoped.
        return CatalogueIndicator.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(catalogue_total=CatalogueIndicator.objects.count(), **kwargs)

    def get_table_kwargs(self):
        adopted = self.scoped(Indicator).exclude(catalogue=None).values_list("catalogue_id", flat=True)
        return {
            "adopted": list(adopted),
            "adopt_url": reverse("indicators:indicator_create", kwargs={"partnership_slug": self.partnership.slug}),
            "can_adopt": self.access.can_manage_partnership(),
        }
