"""The OpenAPI schema: generated with no warning, valid, covering every routed operation with
the kit's error answers documented; schema and docs for signed-in users only, and the docs
page working under the app's CSP (scripts from our own static files, nothing inline)."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from api.routes import ROUTES
from api.tests.api_records import endpoints

pytestmark = pytest.mark.django_db
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


@pytest.fixture(scope="module")
def schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(generated)
    return generated


def routed_operations():
    for prefix, viewset in ROUTES:
        for endpoint in endpoints(viewset):
            path = f"/api/v1/{prefix}/" + ("{id}/" if endpoint.detail else "")
            path += f"{endpoint.url_path}/" if endpoint.url_path else ""
            yield path, endpoint.method


def test_schema_command_has_no_warnings_and_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "openapi:" in out.read_text()


def test_every_routed_operation_is_documented(schema):
    missing = [
        f"{method.upper()} {path}"
        for path, method in routed_operations()
        if method not in schema["paths"].get(path, {})
    ]
    assert missing == []


def test_no_put_or_delete_anywhere(schema):
    methods = {method for operations in schema["paths"].values() for method in operations}
    assert not methods & {"put", "delete"}


def test_every_operation_documents_its_error_answers(schema):
    """401/403 wherever credentials are needed; 400/422 on every write."""
    gaps = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            signed_in = bool(operation.get("security"))  # web-to-lead is for anyone
            needed = {"401", "403"} if signed_in else set()
            needed |= {"400", "422"} if method in ("post", "patch") else set()
            if lacking := needed - set(operation["responses"]):
                gaps.append(f"{method.upper()} {path}: {sorted(lacking)}")
    assert gaps == []


def test_every_writable_currency_is_the_currency_enum(schema):
    """Money values and the opportunity's and contract's own currency list CRM_CURRENCIES."""
    components = schema["components"]["schemas"]
    assert components["CurrencyEnum"]["enum"] == list(settings.CRM_CURRENCIES)
    loose = [
        name
        for name, component in components.items()
        for field, spec in component.get("properties", {}).items()
        if field == "currency" and not spec.get("readOnly") and "$ref" not in str(spec)
    ]
    assert loose == []
    for name in ("OpportunityRequest", "PatchedOpportunityRequest", "PatchedContractRequest"):
        assert "CurrencyEnum" in str(components[name]["properties"]["currency"]), name


def test_every_operation_has_a_summary_or_description(schema):
    bare = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if not (operation.get("summary") or operation.get("description"))
    ]
    assert bare == []


@pytest.mark.parametrize("url", ["/api/v1/schema/", "/api/v1/docs/"])
def test_schema_and_docs_are_not_for_anonymous(client, url):
    response = client.get(url)
    assert response.status_code in (401, 403, 302)
    assert b"Agency CRM API" not in response.content


def test_an_anonymous_browser_is_sent_to_sign_in_and_back(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/api/v1/docs/"


def test_schema_is_served_to_a_signed_in_user(client, sales_user):
    client.force_login(sales_user)
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert b"/api/v1/accounts/" in response.content


def test_docs_page_loads_its_scripts_from_our_own_origin(client, sales_user):
    client.force_login(sales_user)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    scripts = SCRIPT_TAG.findall(response.content.decode())
    assert scripts, "the docs page has no scripts"
    for attributes, body in scripts:
        src = re.search(r'src="([^"]+)"', attributes)
        assert src and not body.strip(), f"inline script on the docs page: {attributes}"
        url = src.group(1).replace("&amp;", "&")
        assert url.startswith("/"), f"script from another origin: {url}"
        loaded = client.get(url)
        assert loaded.status_code == 200, url
        body = b"".join(loaded.streaming_content) if loaded.streaming else loaded.content
        assert body.strip(), url
