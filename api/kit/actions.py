"""Record actions as POSTs that call a service: ``@record_action("stage", ...)`` on a viewset
method ``run(self, record, *, user, version, **input)``. The kit reads the version (If-Match or
body), refuses unknown or read-only fields (api.kit.strict), validates the input serializer,
checks the declared permissions and answers with the record (or whatever ``run`` returns),
its ETag included."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from api.kit.permissions import CHANGE
from api.kit.strict import StrictInput, refuse_unwritable
from api.kit.versions import MAX_VERSION, read_version


class ActionInput(StrictInput, serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_VERSION - 1,
        help_text="The version you read, if you do not send If-Match.",
    )


def record_action(
    url_path: str,
    *,
    summary: str,
    input: type[serializers.Serializer] = ActionInput,
    permissions: tuple[str, ...] = (CHANGE,),
    responses=None,
    description: str = "",
):
    def decorator(run):
        def handler(self, request, pk=None):
            record = self.get_object()
            version = read_version(request)
            form = input(data=request.data, context=self.get_serializer_context())
            refuse_unwritable(form, request.data)  # any input class, strict or not
            form.is_valid(raise_exception=True)
            data = {k: v for k, v in form.validated_data.items() if k != "version"}
            with transaction.atomic():
                self.check_precondition(record, version)
                result = run(self, record, user=request.user, version=version, **data)
            if isinstance(result, Response):
                return result
            return self.record_response(result if result is not None else record)

        handler.__name__ = run.__name__
        handler.__doc__ = run.__doc__
        schema = {"request": input, "summary": summary}
        if description or run.__doc__:
            schema["description"] = description or run.__doc__
        if responses is not None:
            schema["responses"] = responses
        handler = action(detail=True, methods=["post"], url_path=url_path)(handler)
        handler = extend_schema(**schema)(handler)
        handler.permissions = permissions
        return handler

    return decorator
