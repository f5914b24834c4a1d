"""The "Indicators and targets" set-up template's download and upload: the same pages as the other
set-up templates (partnership.views.setup), over indicators.spreadsheets.setup_indicators."""

from indicators.spreadsheets import setup_indicators, setup_rows
from partnership.views.setup import SetupDownloadView, SetupUploadView


class IndicatorsMixin:
    template = setup_indicators
    title = "Indicators and targets"
    url_prefix = "indicators:setup_indicators"

    def import_rows(self, sheets):
        return setup_rows.import_indicators(self.partnership, sheets, by=self.request.user)


class IndicatorsDownloadView(IndicatorsMixin, SetupDownloadView):
    nav_section = "overview"


class IndicatorsUploadView(IndicatorsMixin, SetupUploadView):
    nav_section = "overview"
