"""``POST /api/v1/auth/login/``: email and password in, a personal API token out (the shape of
``POST /tokens/``, plus who signed in). The same door as the sign-in page as far as
django-axes is concerned: ``authenticate`` counts every failure against the one per-email
counter, so 3 failures on the page and 2 here lock both. Throttled per IP; every attempt
is one structured log line (``crm.auth``; ids and outcomes only, never the email)."""

import copy
import logging

from django.contrib.auth import authenticate, user_logged_in
from django.http import QueryDict
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.kit.errors import error_body
from api.kit.strict import StrictInput
from api.kit.throttles import LoginThrottle
from api.tokens import IssuedTokenSerializer, TokenSerializer
from crm.auth import INVALID_LOGIN_MESSAGE
from crm.services import api_tokens

logger = logging.getLogger("crm.auth")
# The sign-in page's lock-out text (crm.views.auth, which the API may not import).
LOCKED_OUT_MESSAGE = (
    "Too many failed sign-in attempts. For your security this sign-in is locked for "
    "15 minutes. Try again later or reset your password."
)
TOKEN_NAME = "Sign-in"


class LoginSerializer(StrictInput, serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class SignedInUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()


class LoginTokenSerializer(IssuedTokenSerializer):
    user = SignedInUserSerializer(read_only=True)

    class Meta(IssuedTokenSerializer.Meta):
        fields = (*IssuedTokenSerializer.Meta.fields, "user")


def _log(outcome: str, user_id: int | None = None) -> None:
    logger.info("api_sign_in", extra={"outcome": outcome, "user_id": user_id})


class LoginView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]
    versioned = False
    record_responses = False
    extra_error_codes = [401]

    @extend_schema(
        request=LoginSerializer,
        responses={200: LoginTokenSerializer},
        summary="Sign in with email and password: a personal API token",
        description=(
            "Answers a new token (shown once) with its expiry. Wrong email or password, or "
            "an inactive user: 401. Five failures (here and on the sign-in page together) "
            "lock the email out for 15 minutes: 429, even with the right password."
        ),
        auth=[],
    )
    def post(self, request):
        form = LoginSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # axes flags the request it is given; a copy keeps its HTML lock-out page (the
        # middleware's) off this JSON endpoint, which answers the lock-out itself.
        attempt = copy.copy(request._request)
        email, password = form.validated_data["email"], form.validated_data["password"]
        # axes' backend checks the lock with credentials keyed "email" (USERNAME_FIELD), which
        # crm.auth.axes_username does not read, so it falls back to the form's POST
        # "username": give this JSON request the same, or the lock would never hold here.
        attempt.POST = QueryDict(mutable=True)
        attempt.POST["username"] = email
        user = authenticate(request=attempt, username=email, password=password)
        if getattr(attempt, "axes_locked_out", False):
            _log("locked_out")
            body = error_body(429, "locked_out", LOCKED_OUT_MESSAGE)
            return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None or not user.is_active or not user.is_staff:
            _log("failed")
            body = error_body(401, "invalid_login", INVALID_LOGIN_MESSAGE)
            return Response(body, status=status.HTTP_401_UNAUTHORIZED)
        token, plain = api_tokens.issue_token(user=user, name=TOKEN_NAME)
        # last_login and axes' reset of the failure counter, as the sign-in page does.
        user_logged_in.send(sender=type(user), request=attempt, user=user)
        _log("signed_in", user.pk)
        data = {**TokenSerializer(token).data, "token": plain}
        data["user"] = SignedInUserSerializer(user).data
        return Response(data, status=status.HTTP_200_OK)
