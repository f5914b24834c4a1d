from functools import cached_property

from django.http import Http404
from django.utils import timezone

from partnership.views.base import PartnershipMixin
from surveys.models import Survey
from surveys.window import SurveyState


class SurveysMixin(PartnershipMixin):
    """Every survey page: the tenant checks of PartnershipMixin, and today's date."""

    nav_section = "surveys"

    @cached_property
    def today(self):
        return timezone.localdate()

    @property
    def is_admin(self) -> bool:
        return self.access.can_manage_partnership()


class SurveyMixin(SurveysMixin):
    """A page about one survey (`survey_id`), from this partnership only (404 otherwise)."""

    def load_objects(self):
        self.survey = self.get_scoped_or_404(Survey.objects.select_related("partnership"), pk=self.kwargs["survey_id"])
        self.state = self.survey.state_on(self.today)

    def get_context_data(self, **kwargs):
        return super().get_context_data(survey=self.survey, state=self.state, **kwargs)


class AdminSurveyMixin(SurveyMixin):
    """Setting a survey up is the partnership administrator's."""

    def has_permission(self):
        return self.is_admin


class MemberSurveyMixin(SurveyMixin):
    """Pages every member opens; a draft does not exist for them until it is opened."""

    def load_objects(self):
        super().load_objects()
        if self.state == SurveyState.DRAFT and not self.is_admin:
            raise Http404
