"""Views as the coming apps will write them, on the intake and link seams, for the tests."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.template import Context, Template
from django.urls import include, path

from isms.intake.forms import IntakeForm
from isms.intake.views import IntakeFormView
from isms.links.purposes import register_link_purpose
from isms.links.services import capability_link_use
from isms.links.views import capability_link_view

CONFIRM_EMAIL = register_link_purpose("tests.confirm_email", "Confirm an e-mail address")
OPEN_GRANT = register_link_purpose("tests.open_grant", "Open a grant (tests)")
# What the contact form's "service" was asked to do, in order.
SUBMITTED: list[dict[str, str]] = []


@capability_link_view
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    link = capability_link_use(token=token, purpose=CONFIRM_EMAIL.name, request=request)
    return HttpResponse(f"Confirmed for link {link.pk}.")


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
    path("links/<str:token>/confirm/", confirm_email),
    path("missing/", missing),
    path("contact/", ContactView.as_view()),
    # The site's own URLs, which its templates name.
    path("", include("isms.urls")),
]
