"""The view every public form page uses: throttled, honeypotted, one service call."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.generic.edit import FormView

from isms.intake.forms import IntakeForm
from isms.intake.throttle import Throttled, intake_check, intake_count, intake_throttled_response


class IntakeFormView(FormView):  # type: ignore[type-arg]
    """A form page for anonymous visitors: a report request, a disclosure, a report of concern.

    A subclass names its throttle (`intake_name`, a key of ``settings.INTAKE_LIMITS``; others
    get the default limit), the form field holding the sender's e-mail address if there is one
    (`email_field`), and implements `submit`, which calls the app's service. A POST is refused
    with 429 once the address or the e-mail address has reached the limit; every valid
    submission counts, a honeypot-filled one too, which gets the same redirect to
    ``success_url`` while `submit` is not called.
    """

    intake_name: str
    email_field: str | None = "email"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = request.POST.get(self.email_field) if self.email_field else None
        try:
            intake_check(form=self.intake_name, request=request, email=email)
        except Throttled as throttled:
            return intake_throttled_response(request, throttled)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: IntakeForm) -> HttpResponse:
        email = form.cleaned_data.get(self.email_field) if self.email_field else None
        intake_count(form=self.intake_name, request=self.request, email=email)
        if not form.honeypot_filled:
            self.submit(form)
        return super().form_valid(form)

    def submit(self, form: IntakeForm) -> None:
        """Do what the form asks: call the app's service with ``form.cleaned_data``."""
        raise NotImplementedError
