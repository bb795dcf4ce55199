"""The record kit: what every Salesforce-style record page is made of, declared not rebuilt.

``RecordAdmin`` (the admin base), ``TransitionAction`` (a state move as a header button with
its confirmation), ``RelatedList`` / ``Column`` (a related-list card), ``Confirmation`` and
``confirm_record`` (the one "Are you sure?" page)."""

from crm.admin.kit.actions import TransitionAction
from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related import Column, RelatedList

__all__ = [
    "Column",
    "Confirmation",
    "RecordAdmin",
    "RelatedList",
    "TransitionAction",
    "confirm_record",
]
