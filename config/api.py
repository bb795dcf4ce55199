"""REST API v1 settings (Django REST framework, drf-spectacular, knox): read from the
environment like everything else. The API is one more client of crm.services."""

from datetime import timedelta

from config.env import env_int, env_list, env_str

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Integrations: personal tokens (hashed, expiring, revocable); the app's own pages:
        # the signed-in session, with Django's CSRF check on writes.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.kit.permissions.CrmModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "api.kit.pagination.RecordCursorPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "api.kit.pagination.StableOrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Strict JSON: no NaN/Infinity, no huge numbers, bounded nesting and size (400, not 500).
    "DEFAULT_PARSER_CLASSES": ["api.kit.parsers.StrictJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.kit.schema.RecordAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.kit.throttles.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("API_RATE_PER_TOKEN", "1200/min"),
        "web_to_lead": env_str("API_RATE_WEB_TO_LEAD", "10/hour"),
    },
    "EXCEPTION_HANDLER": "api.kit.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": env_int("API_PROXY_COUNT", 0) or None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "COERCE_DECIMAL_TO_STRING": True,
}

# Web-to-lead: hosts a form's ``return_url`` may send the browser back to (303), e.g.
# "www.agency.example,agency.example"; any other return_url is ignored (no open redirect).
CRM_WEB_TO_LEAD_RETURN_HOSTS = env_list("CRM_WEB_TO_LEAD_RETURN_HOSTS", "")

KNOX_TOKEN_MODEL = "crm.ApiToken"
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_DAYS", 90)),
    "TOKEN_LIMIT_PER_USER": env_int("API_TOKENS_PER_USER", 10),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_PREFIX": "crm_",
    "AUTO_REFRESH": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Agency CRM API",
    "DESCRIPTION": (
        "REST API v1 of Agency CRM: the same records, rules and permissions as the app. "
        "Authenticate with a personal token (`Authorization: Token <token>`). Every "
        "representation carries `version` and an `ETag`; PATCH and action POSTs need "
        "`If-Match` (or `version` in the body). No DELETE: records are deactivated."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_AUTHENTICATION": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        # Service and activities (api.resources.cases, solutions, knowledge, activities).
        "AccountTypeEnum": "crm.models.accounts.AccountType",
        "CaseStatusEnum": "crm.models.support.CaseStatus",
        "CasePriorityEnum": "crm.models.support.CasePriority",
        "CaseTypeEnum": "crm.models.support.CaseType",
        "SolutionStatusEnum": "crm.models.support.SolutionStatus",
        "ArticleStatusEnum": "crm.models.knowledge.ArticleStatus",
        "ActivityTypeEnum": "crm.models.activities.ActivityType",
        "TaskStatusEnum": "crm.models.activities.TaskStatus",
        "ActivityPriorityEnum": "crm.models.activities.Priority",
        # Billing (api.resources quotes/orders/payments/contracts/assets).
        "QuoteStatusEnum": "crm.models.quotes.QuoteStatus",
        "OrderStatusEnum": "crm.models.orders.OrderStatus",
        "PaymentStatusEnum": "crm.models.payments.PaymentStatus",
        "PaymentLiveStatusEnum": "api.resources.payments.LIVE_STATE_CHOICES",
        "ContractStatusEnum": "crm.models.contracts.ContractStatus",
        "InvoiceStatusEnum": "crm.models.invoices.InvoiceStatus",
        "AssetStatusEnum": "crm.models.assets.AssetStatus",
        # Sales resources (choice sets that share a field name with another model's).
        "CampaignTypeEnum": "crm.models.marketing.CampaignType",
        "OpportunityTypeEnum": "crm.models.opportunities.OpportunityType",
        "LeadStatusEnum": "crm.models.leads.LeadStatus",
        "CampaignStatusEnum": "crm.models.marketing.CampaignStatus",
        "MemberStatusEnum": "crm.models.marketing.MemberStatus",
    },
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "AUTHENTICATION_WHITELIST": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
}

# knox's own AuthToken is swapped out for crm.ApiToken, but knox's migrations would still
# create its table (with a foreign key to users that `flush` does not know about).
MIGRATION_MODULES = {"knox": None}
