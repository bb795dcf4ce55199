"""OpenAPI generation (drf-spectacular) with the kit's conventions documented on every
operation: the ``If-Match`` request header and ``ETag`` response header of record writes, and
the error answers each kind of operation can give (one ``Error`` body, api.kit.errors)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from api.kit.errors import ErrorSerializer
from api.kit.strict import StrictInput
from api.kit.versions import MAX_VERSION

ERROR_DESCRIPTIONS = {
    400: (
        "Malformed input: messages per field. A body naming a read-only field (a status, a "
        "number, a total …) or a field the resource does not have is refused the same way, "
        "naming each one (and the action that changes a state field); nothing is applied."
    ),
    401: "No valid credentials (send `Authorization: Token <token>`).",
    403: "Your role may not do this.",
    404: "No such record.",
    409: "Stale `version` in the body, or a conflicting record: nothing was saved.",
    412: "Stale `If-Match`: the record changed since you read it; nothing was saved.",
    415: "Send JSON (`Content-Type: application/json`).",
    422: "A business rule refused the change (the message the app shows).",
    428: "No version given: send `If-Match` or `version`.",
    429: "Too many requests: slow down.",
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag you read, e.g. `"3"` (or send `version` in the body).',
)


BODY_VERSION = {
    "type": "integer",
    "minimum": 1,
    "maximum": MAX_VERSION - 1,
    "description": "The version you read, if you do not send If-Match.",
}


class RecordAutoSchema(AutoSchema):
    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        """Request bodies the kit checks strictly (api.kit.strict) say so:
        ``additionalProperties: false``; a PATCH body also takes ``version`` (the lock) and
        never a child row's parent (it cannot move)."""
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction != "request" or schema.get("type") != "object":
            return schema
        from api.kit.viewsets import ReadRecordViewSet  # the kit's views import this module

        if not (isinstance(serializer, StrictInput) or isinstance(self.view, ReadRecordViewSet)):
            return schema
        schema["additionalProperties"] = False
        if getattr(serializer, "partial", False):
            properties = schema.setdefault("properties", {})
            properties.pop(getattr(serializer, "parent_field", "") or "", None)
            properties.setdefault("version", BODY_VERSION)
        return schema

    def _writes_record(self) -> bool:
        return self.method == "PATCH" or (self.method == "POST" and self._is_detail())

    def _is_detail(self) -> bool:
        return "{id}" in self.path

    def _etag_codes(self) -> list[int]:
        if getattr(self.view, "record_responses", True) is False:
            return []
        if self.method == "GET" and self._is_detail():
            return [200]
        if self.method in ("PATCH", "POST"):
            return [200, 201]
        return []

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._writes_record() and getattr(self.view, "versioned", True):
            parameters.append(IF_MATCH)
        if codes := self._etag_codes():
            etag = OpenApiParameter(
                "ETag",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=codes,
                description="The record's version, quoted: send it back in If-Match.",
            )
            parameters.append(etag)
        return parameters

    def error_codes(self) -> list[int]:
        codes = [401, 403, 429]
        if self.method == "GET":
            codes += [404] if self._is_detail() else [400]
        else:
            codes += [400, 409, 415, 422]
            if self._is_detail():
                codes += [404]
                if getattr(self.view, "versioned", True):
                    codes += [412, 428]
        codes += getattr(self.view, "extra_error_codes", [])
        return sorted(set(codes))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        reference = self.resolve_serializer(ErrorSerializer, direction).ref
        for code in self.error_codes():
            responses.setdefault(
                str(code),
                {
                    "description": ERROR_DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": reference}},
                },
            )
        return responses
