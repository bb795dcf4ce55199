"""Postal addresses on records (SPEC §6: an account's billing and shipping address, a
contact's mailing address): five columns each, declared once."""

from django.db import models

ADDRESS_PARTS = (
    ("street", "street", 255),
    ("city", "city", 80),
    ("state", "state/province", 80),
    ("postal_code", "zip/postal code", 20),
    ("country", "country", 80),
)


def address_block(prefix: str) -> type[models.Model]:
    """An abstract model with the five address columns ``<prefix>_street`` … ``_country``
    and a ``<prefix>_address`` property formatting them as lines."""

    def formatted(self) -> str:
        street, city, state, postal_code, country = (
            getattr(self, f"{prefix}_{part}") for part, _, _ in ADDRESS_PARTS
        )
        locality = " ".join(filter(None, [", ".join(filter(None, [city, state])), postal_code]))
        return "\n".join(filter(None, [street, locality, country]))

    attrs = {
        "__module__": __name__,
        "Meta": type("Meta", (), {"abstract": True}),
        f"{prefix}_address": property(formatted),
    }
    for part, label, max_length in ADDRESS_PARTS:
        attrs[f"{prefix}_{part}"] = models.CharField(
            f"{prefix} {label}", max_length=max_length, blank=True
        )
    return type(f"{prefix.title()}Address", (models.Model,), attrs)


BillingAddress = address_block("billing")
ShippingAddress = address_block("shipping")
MailingAddress = address_block("mailing")
