"""The one strict JSON reader of every door that takes a JSON body (portal endpoints through
``crm.http.read_json_object``, the REST API's default parser, web-to-lead).

Python's ``json`` accepts what no client should send and what the code behind it cannot use:
``NaN`` / ``Infinity`` (``int(inf)`` raised OverflowError, a 500), ``1e400`` (read as
infinity), integers of thousands of digits (slow to convert), and nesting deep enough to
raise RecursionError (``[`` × 5,000 was a 500 through DRF). Each is refused here with a
message for the user; the caller turns ``JsonRefused`` into its own 400."""

import json
import math

MAX_DEPTH = 32
# Far above any id, version or amount (bigint has 19 digits), far below Python's own
# 4,300-digit conversion limit.
MAX_INT_DIGITS = 100
NOT_JSON = "The request could not be understood."
TOO_DEEP = "The request is nested too deeply."
TOO_LARGE = "The request is too large."
NOT_FINITE = "Numbers must be finite: NaN and Infinity are not accepted."
NUMBER_TOO_LARGE = "A number in the request is too large."


class JsonRefused(ValueError):
    """A body the strict reader refuses; ``str(exc)`` is the message for the user."""


def _refuse_constant(name: str):
    raise JsonRefused(NOT_FINITE)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonRefused(NUMBER_TOO_LARGE)
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonRefused(NUMBER_TOO_LARGE)
    return int(text)


def depth(value) -> int:
    """Nesting depth of a parsed JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def strict_loads(
    raw: bytes | str, *, max_depth: int = MAX_DEPTH, max_bytes: int | None = None
) -> object:
    """``raw`` parsed as JSON, or ``JsonRefused`` naming why not."""
    if max_bytes is not None and len(raw) > max_bytes:
        raise JsonRefused(TOO_LARGE)
    try:
        data = json.loads(
            raw,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except JsonRefused:
        raise
    except RecursionError as exc:
        raise JsonRefused(TOO_DEEP) from exc
    except (ValueError, TypeError) as exc:  # UnicodeDecodeError is a ValueError
        raise JsonRefused(NOT_JSON) from exc
    if depth(data) > max_depth:
        raise JsonRefused(TOO_DEEP)
    return data
