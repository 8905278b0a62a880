"""The "About you" form: the project's own questions and the customer's answers, saved where they
changed; the profile page lists the answers (portal/profile)."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.mixins import CustomerFormView

from . import forms, selectors, services


class PropertiesEditView(CustomerFormView):
    template_name = "aboutyou/properties_edit.html"
    active_tab = "profile"
    success_url_name = "profile:profile"
    form_class = forms.PropertiesForm
    page_title = _("About you")
    saved_message = _("Your answers have been saved.")

    data_selector = selectors.properties_form_data
    options_selector = selectors.properties_form_options
    no_options = {"definitions": []}

    def save(self, form):
        self.carecloud_fields = form.carecloud_fields  # a refused record is named by its property id
        return services.customer_properties_update(session=self.request.customer,
                                                   definitions=self.form_data["definitions"],
                                                   records=self.form_data["records"], values=form.values())
