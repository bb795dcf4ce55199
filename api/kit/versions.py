"""Optimistic locking on the wire: every representation carries ``version`` and an ``ETag``
(``"<version>"``); a PATCH or action POST names the version it read in ``If-Match`` or in the
body's ``version``. Stale → 412 (If-Match) or 409 (body); missing → 428; never an overwrite."""

import re

from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

ETAG = re.compile(r'^(?:W/)?"(\d{1,18})"$')
MAX_VERSION = 10**18
HEADER, BODY = "header", "body"
MISSING_VERSION = (
    "Say which version you are changing: send the ETag you read in an If-Match header, "
    'or "version" in the body.'
)
BAD_IF_MATCH = 'If-Match must be one ETag as sent by the API, e.g. If-Match: "3".'
BAD_VERSION = "version must be a positive whole number."


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = MISSING_VERSION
    default_code = "version_required"


def current_version(record) -> int:
    """The record's ``version``; for an unversioned child row (a line item), its last change
    in microseconds, so the same If-Match rules hold for it."""
    if hasattr(record, "version"):
        return record.version
    return int(record.updated_at.timestamp() * 1_000_000)


def etag(record) -> str:
    return f'"{current_version(record)}"'


def with_etag(response, record):
    response["ETag"] = etag(record)
    return response


def read_version(request) -> int:
    """The version the caller read; records on ``request`` where it came from, so a stale
    one answers 412 for a header and 409 for a body (api.kit.errors)."""
    header = request.headers.get("If-Match")
    if header is not None:
        match = ETAG.match(header.strip())
        if not match:
            raise ValidationError({"If-Match": [BAD_IF_MATCH]}, code="invalid")
        request.version_source = HEADER
        return int(match.group(1))
    data = request.data if isinstance(request.data, dict) else {}
    value = data.get("version")
    if value is None:
        raise PreconditionRequired()
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < MAX_VERSION:
        raise ValidationError({"version": [BAD_VERSION]}, code="invalid")
    request.version_source = BODY
    return value
