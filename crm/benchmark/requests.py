"""How a benchmark page asks for itself: a signed-in browser's GET, over HTTPS."""

from collections.abc import Callable

from django.test import Client


def get(url: str) -> Callable[[Client, dict], object]:
    def call(client: Client, prepared: dict):
        return client.get(url, secure=True)

    call.url = url  # which page it asks for (the benchmark times each list once)
    return call
