"""``/api/v1/tokens/``: list your live tokens and issue one (the plain token is in the answer
once, never again); ``/tokens/current/revoke/`` revokes the token the request came with."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.kit.strict import StrictInput
from crm.models import ApiToken
from crm.selectors.api_tokens import live_tokens
from crm.services import api_tokens

NOT_A_TOKEN_REQUEST = "This request was not made with an API token."


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ("name", "token_key", "created", "expiry")
        read_only_fields = ("token_key", "created", "expiry")


class NewTokenSerializer(StrictInput, serializers.Serializer):
    name = serializers.CharField(max_length=80)
    days = serializers.IntegerField(min_value=1, max_value=api_tokens.MAX_DAYS, required=False)


class IssuedTokenSerializer(TokenSerializer):
    token = serializers.CharField(help_text="Shown once: store it now.")

    class Meta(TokenSerializer.Meta):
        fields = (*TokenSerializer.Meta.fields, "token")


class TokenListCreate(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = TokenSerializer
    pagination_class = None
    versioned = False
    record_responses = False

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return ApiToken.objects.none()
        return live_tokens(self.request.user)

    @extend_schema(responses=TokenSerializer(many=True), summary="Your live API tokens")
    def get(self, request):
        return Response(TokenSerializer(self.get_queryset(), many=True).data)

    @extend_schema(
        request=NewTokenSerializer,
        responses={201: IssuedTokenSerializer},
        summary="Issue a personal API token",
    )
    def post(self, request):
        form = NewTokenSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        token, plain = api_tokens.issue_token(user=request.user, **form.validated_data)
        data = {**TokenSerializer(token).data, "token": plain}
        return Response(data, status=status.HTTP_201_CREATED)


class RevokeCurrentToken(APIView):
    permission_classes = [IsAuthenticated]
    versioned = False
    record_responses = False

    @extend_schema(request=None, responses={204: None}, summary="Revoke the token in use")
    def post(self, request):
        if not isinstance(request.auth, ApiToken):
            raise ValidationError(NOT_A_TOKEN_REQUEST)
        api_tokens.revoke_token(request.auth, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
