"""Fuzz the portal's JSON endpoints (the Kanban move, the calendar's reschedule, feed and
column paging) through a real server, signed in as a demo user: hostile bodies and query
strings, generated with hypothesis from a fixed seed, must never be answered with a 5xx.

Usage: python deploy/fuzz_portal.py BASE_URL EMAIL PASSWORD [EXAMPLES]
(deploy/fuzz-api runs it after its schemathesis passes, on the same gunicorn.)"""

import json
import sys

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BASE, EMAIL, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3]
EXAMPLES = int(sys.argv[4]) if len(sys.argv) > 4 else 150
HOSTILE_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "9" * 400, "1e-400"]

session = requests.Session()


def cookie_header() -> dict:
    """With DEBUG off the cookies are Secure, which requests never sends over plain HTTP:
    the fuzz server is on loopback, so send them by hand."""
    return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in session.cookies)}


def sign_in() -> None:
    page = session.get(f"{BASE}/login/", timeout=20)
    page.raise_for_status()
    answer = session.post(
        f"{BASE}/login/",
        data={
            "username": EMAIL,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{BASE}/login/", **cookie_header()},
        timeout=20,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        sys.exit(f"[fuzz-portal] could not sign in as {EMAIL} ({answer.status_code})")


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(["1", "0", "-1", "2026-03-29T02:30:00+01:00", "0001-01-01T00:00:00+14:00"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


def body_for(keys: list[str]):
    """A JSON object with the endpoint's keys (any values) plus stray keys."""
    known = st.fixed_dictionaries({key: values for key in keys})
    return st.tuples(known, st.dictionaries(st.text(max_size=8), values, max_size=3))


def raw_bodies():
    """Text no JSON encoder writes: bare NaN/Infinity, huge numbers, deep nesting, NUL."""
    number = st.sampled_from(HOSTILE_NUMBERS)
    return st.one_of(
        number.map(lambda n: '{"id": 1, "version": 1, "stage": "proposal", "start": ' + n + "}"),
        st.integers(min_value=1, max_value=6000).map(lambda depth: "[" * depth + "]" * depth),
        st.text(max_size=200),
        st.just('{"id": 1, "version": 1, "stage": "pro\\u0000posal"}'),
    )


def post(path: str, payload: str) -> None:
    answer = session.post(
        f"{BASE}{path}",
        data=payload.encode("utf-8", "surrogatepass"),
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": session.cookies["csrftoken"],
            "Referer": f"{BASE}{path}",
            **cookie_header(),
        },
        timeout=20,
    )
    assert answer.status_code < 500, f"POST {path} {payload[:200]!r} -> {answer.status_code}"


def get(path: str, params: dict) -> None:
    answer = session.get(f"{BASE}{path}", params=params, headers=cookie_header(), timeout=20)
    assert answer.status_code < 500, f"GET {path} {params!r} -> {answer.status_code}"


FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@FUZZ
@given(body_for(["id", "version", "stage"]), raw_bodies())
def fuzz_pipeline_move(body, raw):
    known, extra = body
    post("/portal/pipeline/move/", json.dumps({**extra, **known}))
    post("/portal/pipeline/move/", raw)


@FUZZ
@given(body_for(["id", "version", "start", "end", "allDay"]), raw_bodies())
def fuzz_calendar_reschedule(body, raw):
    known, extra = body
    post("/portal/calendar/reschedule/", json.dumps({**extra, **known}))
    post("/portal/calendar/reschedule/", raw)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["start", "end", "users", "stage", "offset", "q", "owner", "period"]),
        st.one_of(st.text(max_size=30), st.sampled_from(HOSTILE_NUMBERS)),
    )
)
def fuzz_query_strings(params):
    get("/portal/calendar/feed/", params)
    get("/portal/pipeline/column/", params)
    get("/portal/pipeline/", params)


if __name__ == "__main__":
    sign_in()
    for fuzz in (fuzz_pipeline_move, fuzz_calendar_reschedule, fuzz_query_strings):
        fuzz()
        print(f"[fuzz-portal] {fuzz.__name__}: {EXAMPLES} examples, no 5xx")
