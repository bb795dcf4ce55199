"""JSON logs on stdout: one line per request and per error. Never log bodies, query strings or
form data, so passwords and personal data cannot leak into log lines."""

from config.env import env_str

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {"no_request_object": {"()": "config.request_log.DropRequestObject"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["no_request_object"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Our request middleware writes the access line; Django's own would duplicate it.
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        "axes": {"level": "WARNING"},
        # One line per finished task ("succeeded in 0.004s") — noise in-process, where the
        # request line already says it; failures and retries are still logged.
        "celery.app.trace": {"level": "WARNING"},
        # fpdf2 subsets the PDF fonts with fontTools, which logs every table it touches.
        "fontTools": {"level": "WARNING"},
    },
}
