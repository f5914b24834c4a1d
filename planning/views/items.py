"""Adding and changing a plan's items (while it is a draft)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.views.base import FormPageMixin
from planning.forms.plans import PlanItemForm
from planning.services.plans import ITEM_FIELDS, PlanRefused, save_item

from .base import ThemeWriterMixin


class ItemFormView(ThemeWriterMixin, FormPageMixin, FormView):
    form_class = PlanItemForm
    template_name = "planning/item_form.html"
    item = None

    def load_objects(self):
        super().load_objects()
        if "plan_item_id" in self.kwargs:
            self.item = get_object_or_404(self.plan.items.all(), pk=self.kwargs["plan_item_id"])

    def get_page_title(self):
        return f"{'Edit an' if self.item else 'Add an'} item: {self.plan}"

    @property
    def submit_label(self):
        return "Save the item" if self.item else "Add the item"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.item,
            "plan": self.plan,
            "today": self.today,
            "partnership": self.partnership,
        }

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in ITEM_FIELDS}
        try:
            save_item(
                self.plan,
                self.item,
                expected_version=form.cleaned_data.get("version"),
                user=self.request.user,
                **fields,
            )
        except StaleEdit:
            form.add_errors({"__all__": stale_edit_message("this item")})
            return self.form_invalid(form)
        except PlanRefused as refused:
            form.add_errors({"__all__": refused.message})
            return self.form_invalid(form)
        messages.success(self.request, "Item saved." if self.item else "Item added.")
        return redirect(self.plan)
