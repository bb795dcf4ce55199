"""One structured log line per request: method, path, status, duration and the user's id."""

import logging
import time

logger = logging.getLogger("crm.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class DropRequestObject(logging.Filter):
    """Django attaches the request (with POST data) to error records; keep it out of JSON."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            request = record.request
            record.path = getattr(request, "path", None)
            record.method = getattr(request, "method", None)
            del record.request
        return True
