"""Every /api/v1/ resource, by URL prefix. A new resource is one line here."""

from api.resources.accounts import AccountViewSet, ContactViewSet

ROUTES = [
    ("accounts", AccountViewSet),
    ("contacts", ContactViewSet),
]
