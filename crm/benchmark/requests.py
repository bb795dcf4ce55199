"""How a benchmark page asks for itself: a signed-in browser's GET, over HTTPS."""

from collections.abc import Callable

from django.test import Client


def get(url: str) -> Callable[[Client, dict], object]:
    return lambda client, prepared: client.get(url, secure=True)
