"""``POST /api/v1/web-to-lead/``: the agency's website posts a form (JSON or a plain HTML form)
and a Lead appears in the campaign whose web-to-lead key it carries. No login: the key only
names the campaign, so the endpoint defends itself with a strict field allow-list, a
honeypot, per-IP throttling and the model's own rules (crm.services.web_to_lead)."""

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.kit.errors import ErrorSerializer
from api.kit.parsers import StrictJSONParser
from api.kit.schema import ERROR_DESCRIPTIONS, RecordAutoSchema
from api.kit.throttles import WebToLeadThrottle
from crm.models import Lead
from crm.services.web_to_lead import LEAD_FIELDS, UnknownWebToLeadKey, create_web_lead

HONEYPOT = "fax_number"
NOT_A_FORM = "Send the form's fields as one object."
UNKNOWN_FIELD = "Unknown field: this form accepts only {allowed}."
DESCRIPTION_MAX = 10_000  # the model's TextField has no limit; a public form needs one
ERRORS = {
    400: "Malformed input or an unknown field: messages per field.",
    404: "No active campaign takes web leads with this key (never issued, rotated, inactive).",
    415: "Send JSON or an HTML form (`x-www-form-urlencoded` or `multipart/form-data`).",
    422: "A rule of the Lead refused it (e.g. an invalid email): messages per field.",
    429: ERROR_DESCRIPTIONS[429],
}
ACCEPTED = {"ok": True}


def _lead_field(name: str) -> serializers.CharField:
    field = Lead._meta.get_field(name)
    return serializers.CharField(
        max_length=field.max_length or DESCRIPTION_MAX,
        required=not field.blank,
        allow_blank=field.blank,
        trim_whitespace=True,
        help_text=str(field.verbose_name).capitalize() + ".",
    )


class WebLeadSerializer(serializers.Serializer):
    """What a website form may send; lengths come from the Lead model."""

    key = serializers.CharField(max_length=40, help_text="The campaign's web-to-lead key.")
    first_name = _lead_field("first_name")
    last_name = _lead_field("last_name")
    company = _lead_field("company")
    email = _lead_field("email")
    phone = _lead_field("phone")
    title = _lead_field("title")
    website = _lead_field("website")
    description = _lead_field("description")
    fax_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Honeypot: leave empty; hidden from humans with CSS. Filled → nothing saved.",
    )
    return_url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Where to send the browser afterwards (303), if its host is allowed "
        "(CRM_WEB_TO_LEAD_RETURN_HOSTS); otherwise ignored.",
    )


ALLOWED_FIELDS = tuple(WebLeadSerializer().fields)  # the allow-list is the form itself


class AcceptedSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text="Always true: the form was received.")


class WebToLeadSchema(RecordAutoSchema):
    """Public: no 401/403, no version conflicts; only what this form can answer."""

    def error_codes(self) -> list[int]:
        return list(ERRORS)


def _return_to(url: str) -> str | None:
    """``url`` when its host is one the agency allows (never a relative or odd URL)."""
    hosts = {host.lower() for host in settings.CRM_WEB_TO_LEAD_RETURN_HOSTS}
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        return None
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts=hosts, require_https=False)
    return url if safe else None


class WebToLeadView(APIView):
    """Create a lead from a website form (no login; one campaign per key).

    Send JSON or an HTML form (`application/x-www-form-urlencoded` or `multipart/form-data`)
    with the campaign's `key` and the lead's fields; any other field is refused (400). The
    lead is owned by the campaign's owner, has source "Web", belongs to the campaign and is
    added to its members. `fax_number` is a honeypot: leave it empty (hide it with CSS); when
    it is filled the answer is the same but nothing is saved. Posts are throttled per client
    IP (429). With an allowed `return_url` the answer is a 303 redirect there."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [WebToLeadThrottle]
    parser_classes = [StrictJSONParser, FormParser, MultiPartParser]
    schema = WebToLeadSchema()
    versioned = False
    record_responses = False

    @extend_schema(
        operation_id="web_to_lead_create",
        summary="Post a website form as a lead",
        request=WebLeadSerializer,
        responses={
            200: OpenApiResponse(AcceptedSerializer, description="Received."),
            303: OpenApiResponse(description="Received; the browser goes to `return_url`."),
            **{
                code: OpenApiResponse(ErrorSerializer, description=description)
                for code, description in ERRORS.items()
            },
        },
        parameters=[
            OpenApiParameter(
                "Location",
                OpenApiTypes.URI,
                OpenApiParameter.HEADER,
                response=[303],
                description="The allowed `return_url`.",
            )
        ],
        auth=[],
        tags=["web-to-lead"],
    )
    def post(self, request):
        if not isinstance(request.data, Mapping):
            raise ValidationError(NOT_A_FORM)
        unknown = sorted(set(request.data.keys()) - set(ALLOWED_FIELDS))
        if unknown:
            message = UNKNOWN_FIELD.format(allowed=", ".join(ALLOWED_FIELDS))
            raise ValidationError({name: [message] for name in unknown})
        form = WebLeadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if not data.get(HONEYPOT):
            fields = {name: data[name] for name in LEAD_FIELDS if name in data}
            ip = WebToLeadThrottle().get_ident(request)
            try:
                create_web_lead(key=data["key"], data=fields, ip=ip)
            except UnknownWebToLeadKey as exc:
                raise NotFound(str(exc)) from exc
        url = _return_to(data.get("return_url", ""))
        if url is not None:
            return HttpResponseRedirect(url, status=status.HTTP_303_SEE_OTHER)
        return Response(ACCEPTED, status=status.HTTP_200_OK)
