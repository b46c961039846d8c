"""The admin's API tokens: list, create (the token shown once), inspect, revoke. Never delete.

Every view reads tokens through the permission policy (``list_for_user``): officers see all,
everyone else only their own, and a token outside that scope is a 404.
"""

from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button

from isms.access import get_for_user_or_404, list_for_user, signed_in_user
from isms.api.models import ApiToken
from isms.api.services import api_token_create, api_token_revoke


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. “ci” or “nightly scan”."
    )
    expires_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. The token stops working at the end of this day.",
    )


def _tokens(request: HttpRequest, action: str = "view") -> QuerySet[ApiToken]:
    return list_for_user(ApiToken, user=signed_in_user(request), action=action)


class ApiTokenIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[ApiToken]:
        return _tokens(self.request).select_related("user")

    @property
    def columns(self) -> list[Column]:
        return [
            self._get_title_column_class(TitleColumn)(
                "name", label="Name", get_url=self.get_inspect_url
            ),
            Column("display_prefix", label="Token"),
            Column("user", label="User"),
            Column("status", label="Status"),
            Column("created_at", label="Created"),
            Column("expires_at", label="Expires"),
            Column("last_used_at", label="Last used"),
        ]

    def get_list_more_buttons(self, instance: ApiToken) -> list[Any]:
        buttons = list(super().get_list_more_buttons(instance))
        if not instance.is_revoked and self.user_has_permission("change"):
            buttons.append(
                Button(
                    "Revoke",
                    url=self.revoke_url(instance),
                    icon_name="bin",
                    attrs={"aria-label": f"Revoke “{instance.name}”"},
                    priority=30,
                )
            )
        return buttons

    @staticmethod
    def revoke_url(instance: ApiToken) -> str:
        return reverse("api_tokens:revoke", args=[instance.pk])


class ApiTokenCreateView(generic.CreateView):
    """Creates a token for the signed-in user only; the next page shows it once, uncached.

    Nobody creates a token for someone else here: it would let them act as that person. A
    service account's token comes from ``manage.py create_api_token``.
    """

    def get_form_class(self) -> type[forms.Form]:
        return ApiTokenForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def form_valid(self, form: forms.Form) -> HttpResponse:
        expires_on = form.cleaned_data["expires_on"]
        expires_at = (
            timezone.make_aware(datetime.combine(expires_on, time.max)) if expires_on else None
        )
        try:
            self.object, plaintext = api_token_create(
                user=signed_in_user(self.request),
                name=form.cleaned_data["name"],
                expires_at=expires_at,
                by=signed_in_user(self.request),
            )
        except ValidationError as error:
            _add_errors(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        context = super().get_context_data(token=plaintext, form=form)
        context.update(page_title="API token created", header_title="API token created")
        response = TemplateResponse(self.request, "api/admin/token_created.html", context)
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        return response


class ApiTokenInspectView(generic.InspectView):
    def get_object(self, queryset: Any = None) -> ApiToken:
        return get_for_user_or_404(_tokens(self.request), pk=self.pk)

    def get_edit_url(self) -> None:
        return None

    def get_delete_url(self) -> None:
        return None


class ApiTokenRevokeView(generic.DeleteView):
    """Asks for confirmation, then revokes through the service; the row stays."""

    template_name = "api/admin/confirm_revoke.html"
    page_title = "Revoke"

    def get_object(self, queryset: Any = None) -> ApiToken:
        return get_for_user_or_404(_tokens(self.request, "change"), pk=self.kwargs["pk"])

    def user_has_permission(self, permission: str) -> bool:
        return super().user_has_permission("change" if permission == "delete" else permission)

    @property
    def confirmation_message(self) -> str:
        return f"Revoke the token “{self.object.name}”? Anything using it stops working at once."

    def get_delete_url(self) -> str:
        return reverse("api_tokens:revoke", args=[self.object.pk])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.object = self.get_object()
        try:
            api_token_revoke(token=self.object, by=signed_in_user(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"The token “{self.object.name}” is revoked.")
        return redirect(self.get_success_url())


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
