"""Record ids typed into URLs, filters and forms. ``"²".isdigit()`` is true but ``int("²")``
fails, and a 25-digit id overflows PostgreSQL's bigint: both must read as "no such record",
never as a server error."""

MAX_ID = 2**63 - 1


def parse_id(raw) -> int | None:
    """``raw`` as a positive bigint id, or ``None`` if it is anything else."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
