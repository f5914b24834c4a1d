from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from .base import PartnershipMixin


class ScopedListView(PartnershipMixin, ExportMixin, SingleTableMixin, FilterView):
    """A tenant list page: a declared queryset (scoped by PartnershipMixin), a filterset (scoped
    by partnership.filtersets.ScopedFilterSet), a table; `?export=csv` downloads the same rows."""

    paginate_by = 25
    export_trigger_param = "export"
    template_name = "partnership/object_list.html"
    page_title = ""
    export_name = ""

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "partnership": self.partnership}

    def get_export_filename(self, export_format):
        return f"{self.partnership.slug}-{self.export_name}.{export_format}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        query = self.request.GET.copy()
        query.pop("page", None)
        query[self.export_trigger_param] = "csv"
        context["export_url"] = f"?{query.urlencode()}"
        return context
