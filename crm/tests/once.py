"""Posting a create form as a browser does: with the one-time token the page carries
(crm.admin.kit.once)."""


def once_token(client, url: str) -> str:
    """The token of the page at ``url``, as its hidden ``once_token`` field holds it."""
    token = client.get(url).context["once_token"]
    assert token, f"{url} carries no one-time token"
    return token


def with_once(client, url: str, data: dict | None = None) -> dict:
    """``data`` plus the token of a freshly opened page at ``url``."""
    return {**(data or {}), "once_token": once_token(client, url)}
