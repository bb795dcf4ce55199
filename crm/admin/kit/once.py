"""One-time tokens for the forms that money or records hang on (Log Payment, Generate Order,
Generate Contract, Create Quote, Convert, Close): the page carries a signed random token
(``{% include "crm/includes/once_token.html" %}`` with ``once_token`` in the context) and
``submit`` claims it atomically (``crm.services.once``). The first submit records and
redirects to its result; the same form submitted again records nothing and is sent to the
first result with "This was already done: …". A missing or forged token is a refusal with a
clear message, like a missing version.

The token is signed and bound to the user, so nothing is stored when a form is only shown:
the claim is the one row, written with what the form records."""

import secrets
from collections.abc import Callable

from django.contrib import messages
from django.core import signing
from django.http import HttpResponseRedirect

from crm.selectors.once import was_submitted
from crm.services.once import AlreadyDone, Done, perform_once

FIELD = "once_token"
_SALT = "crm.admin.kit.once"

__all__ = ["FIELD", "Done", "is_repeat", "issue", "posted_key", "submit"]


def issue(request) -> str:
    """A new token for a form about to be shown to ``request.user``."""
    return signing.Signer(salt=_SALT).sign(f"{request.user.pk}:{secrets.token_urlsafe(24)}")


def posted_key(request) -> str | None:
    """The token's random key if the POST carries a genuine token of this user, else None."""
    try:
        value = signing.Signer(salt=_SALT).unsign(request.POST.get(FIELD, ""))
    except signing.BadSignature:
        return None
    user_pk, _, key = value.partition(":")
    return key if key and user_pk == str(request.user.pk) else None


def is_repeat(request) -> bool:
    """A POST of a page whose token was used already. Actions offered only while nothing was
    made yet (Generate Order, Close …) let it through, so it is answered "This was already
    done" and sent to the result instead of a bare 403."""
    return request.method == "POST" and was_submitted(posted_key(request))


def submit(request, run: Callable[[], Done]) -> HttpResponseRedirect:
    """Run the form's service once per token: success toast and off to ``Done.url``, or —
    for a repeat — the "already done" warning and off to the first result. Other refusals
    (``BusinessRuleError``, ``ConcurrencyError``, a missing token) propagate to the view,
    which shows them as it does today."""
    try:
        done = perform_once(key=posted_key(request), user=request.user, run=run)
    except AlreadyDone as repeat:
        messages.warning(request, repeat.messages[0])
        return HttpResponseRedirect(repeat.url or request.get_full_path())
    messages.success(request, done.toast or f"{done.what}.")
    return HttpResponseRedirect(done.url or request.get_full_path())
