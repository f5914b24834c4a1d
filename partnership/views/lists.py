from django.core.paginator import Paginator
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin, TableExport

from partnership.exports import neutralise_row

from .base import PartnershipMixin

MAX_PER_PAGE = 100


class BoundedPaginator(Paginator):
    """Pages of a sane size whatever `?per_page=` says: nonsense (zero, negative) gets the list's own
    size and a huge number the largest page, instead of a paginator that cannot page (a 500) or a
    LIMIT the database cannot take. (Words are already ignored by django-tables2.)"""

    def __init__(self, object_list, per_page, *args, default_per_page=None, **kwargs):
        default = default_per_page or ScopedListView.paginate_by
        try:
            per_page = int(per_page)
        except (TypeError, ValueError):
            per_page = default
        super().__init__(object_list, min(per_page if per_page >= 1 else default, MAX_PER_PAGE), *args, **kwargs)


class SafeTableExport(TableExport):
    """CSV and XLSX only (other formats need writers tablib does not have here), and no cell that a
    spreadsheet program would run as a formula (see partnership.exports)."""

    FORMATS = {name: TableExport.FORMATS[name] for name in (TableExport.CSV, TableExport.XLSX)}

    @classmethod
    def is_valid_format(cls, export_format):
        return export_format in cls.FORMATS

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        if dataset.headers:
            dataset.headers = neutralise_row(dataset.headers)
        for index in range(len(dataset)):
            dataset[index] = neutralise_row(dataset[index])
        return dataset


class ScopedListView(PartnershipMixin, ExportMixin, SingleTableMixin, FilterView):
    """A tenant list page: a declared queryset (scoped by PartnershipMixin), a filterset (scoped
    by partnership.filtersets.ScopedFilterSet), a table; `?export=csv` (or xlsx) downloads the same
    rows. Any other `?export=` shows the page, as does a `?per_page=` out of bounds (clamped)."""

    paginate_by = 25
    paginator_class = BoundedPaginator
    export_class = SafeTableExport
    export_formats = tuple(SafeTableExport.FORMATS)
    export_trigger_param = "export"
    template_name = "partnership/object_list.html"
    page_title = ""
    export_name = ""

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "partnership": self.partnership}

    def get_table_pagination(self, table):
        paginate = super().get_table_pagination(table)
        if isinstance(paginate, dict):
            paginate["default_per_page"] = self.paginate_by  # what BoundedPaginator falls back to
        return paginate

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
