"""Test data factories: one place to import every factory from (they live in
``factories_sales``, ``factories_billing`` and ``factories_service``)."""

import factory

from crm.tests.factories_billing import *  # noqa: F403
from crm.tests.factories_sales import *  # noqa: F403
from crm.tests.factories_service import *  # noqa: F403


def factory_for_model() -> dict:
    """Model class → the first factory in this module that builds it (for smoke tests)."""
    found = {}
    for candidate in list(globals().values()):
        if (
            isinstance(candidate, type)
            and issubclass(candidate, factory.django.DjangoModelFactory)
            and candidate._meta.model is not None
        ):
            found.setdefault(candidate._meta.get_model_class(), candidate)
    return found
