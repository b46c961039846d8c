"""Views as the coming apps will write them, on the intake seam, for the tests."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.template import Context, Template
from django.urls import include, path

from isms.intake.forms import IntakeForm
from isms.intake.views import IntakeFormView

# What the contact form's "service" was asked to do, in order.
SUBMITTED: list[dict[str, str]] = []


def missing(request: HttpRequest) -> HttpResponse:
    raise Http404


class ContactForm(IntakeForm):
    email = forms.EmailField()
    message = forms.CharField(widget=forms.Textarea)


class ContactView(IntakeFormView):
    form_class = ContactForm
    intake_name = "tests.contact"
    success_url = "/contact/thanks/"

    def submit(self, form: IntakeForm) -> None:
        SUBMITTED.append(dict(form.cleaned_data))

    def render_to_response(self, context: dict, **kwargs: object) -> HttpResponse:  # type: ignore[override]
        page = Template('<form method="post">{{ form }}<button>Send</button></form>')
        return HttpResponse(page.render(Context(context)))


urlpatterns = [
    path("missing/", missing),
    path("contact/", ContactView.as_view()),
    # The site's own URLs, which its templates name.
    path("", include("isms.urls")),
]
