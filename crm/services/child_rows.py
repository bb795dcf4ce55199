"""Rows that live on a parent's page and carry no version column (line items, contact roles):
their writes are checked against the row's last change (``change_marker``) under the
parent's row lock, so a form opened before a colleague's save changes nothing (SPEC §10)."""

from crm.errors import ConcurrencyError


def check_unchanged(row, *, seen: int | None) -> None:
    """Call after locking the parent. ``seen`` is the marker the user's page showed; ``None``
    means the caller compared it already under the same lock (the API's If-Match)."""
    if row.pk is None or seen is None:
        return
    stored = type(row)._base_manager.filter(pk=row.pk).first()
    if stored is None or stored.change_marker != seen:
        raise ConcurrencyError()
