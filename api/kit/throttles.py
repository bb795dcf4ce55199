"""Throttles: per personal token (or per signed-in user on the app's own pages), and per
client IP for the anonymous web-to-lead form. Counts live in the default cache (Redis when
CACHE_URL is set, so every instance shares them)."""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class PerTokenThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None  # refused before any work by authentication anyway
        token = getattr(request.auth, "token_key", None)
        ident = f"token-{token}" if token else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class WebToLeadThrottle(AnonRateThrottle):
    scope = "web_to_lead"


class LoginThrottle(AnonRateThrottle):
    """``POST /auth/login/`` per client IP, on top of axes' per-email lock-out: slows a
    password spray across many emails (axes counts each email on its own)."""

    scope = "login"
    default_rate = "10/min"

    def get_rate(self):
        return self.THROTTLE_RATES.get(self.scope, self.default_rate)
