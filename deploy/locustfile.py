"""The drill's users (deploy/drill): admins who sign in through nginx, browse lists and record
pages, edit accounts with the version they saw, move Kanban cards and log payments, while one
instance is stopped under them. Every request becomes one JSON line in $DRILL_WORK/events.jsonl
(kind, outcome, timing and what was written) for deploy/drill_checks.py to hold against the
database. Outcomes: ok, saved, conflict (the stale-record message), refused (a business rule,
shown to the user), error_clear (nginx's "briefly unavailable" page), signed_out, unexpected."""

import json
import os
import re
import secrets
import sys
import time
import uuid
from pathlib import Path

import urllib3
from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from drill_forms import csrf_token, form_fields  # noqa: E402

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # the drill's own cert

WORK = Path(os.environ["DRILL_WORK"])
PLAN = json.loads((WORK / "plan.json").read_text())
STALE = "has been modified by another user since you opened it"
UNAVAILABLE = "Agency CRM is briefly unavailable"
OPEN_STAGES = ("qualifying", "needs_analysis", "proposal", "negotiation")
LISTS = ("/crm/account/", "/crm/opportunity/", "/crm/order/", "/crm/contact/", "/crm/lead/")
BOARD_ITEM = re.compile(r'data-stage="(\w+)"|data-id="(\d+)" data-version="(\d+)"')
_log = open(WORK / "events.jsonl", "a", buffering=1, encoding="utf-8")  # noqa: SIM115


@events.quitting.add_listener
def _close_log(environment, **kwargs):
    _log.close()


def _record(kind: str, started: float, response, outcome: str, end=None, **data) -> None:
    finished = end or time.time()
    line = {
        "kind": kind,
        "start": started,
        "end": finished,
        "ms": round((finished - started) * 1000, 1),
        "status": getattr(response, "status_code", 0),
        "outcome": outcome,
        **data,
    }
    _log.write(json.dumps(line) + "\n")


def _signed_out(response) -> bool:
    return response.status_code == 302 and "/login/" in response.headers.get("Location", "")


def _unavailable(response) -> bool:
    return response.status_code in (502, 504) and UNAVAILABLE in response.text


class CrmAdmin(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.client.verify = False
        self.client.headers["Origin"] = self.host
        self.client.headers["Referer"] = f"{self.host}/"
        self.signed_in = self._sign_in()

    def _sign_in(self) -> bool:
        started = time.time()
        with self.client.get("/login/", name="GET login", catch_response=True) as page:
            token = csrf_token(page.text)
            if page.status_code != 200 or not token:
                page.failure(f"login page {page.status_code}")
                _record("GET login", started, page, "unexpected")
                return False
            _record("GET login", started, page, "ok")
        started = time.time()
        data = {
            "username": PLAN["email"],
            "password": PLAN["password"],
            "csrfmiddlewaretoken": token,
            "next": "/",
        }
        with self.client.post(
            "/login/", data=data, name="POST sign in", allow_redirects=False, catch_response=True
        ) as response:
            ok = response.status_code == 302 and "/login/" not in response.headers["Location"]
            if not ok:
                response.failure(f"sign-in answered {response.status_code}")
            _record("POST sign in", started, response, "ok" if ok else "unexpected")
            return ok

    # --- reading ----------------------------------------------------------------------------
    def _get(self, kind: str, url: str):
        """GET ``url``; anything but a 200 (a sign-in redirect included) is a failure."""
        started = time.time()
        with self.client.get(url, name=kind, allow_redirects=False, catch_response=True) as page:
            if page.status_code == 200:
                outcome = "ok"
            else:
                outcome = "signed_out" if _signed_out(page) else "unexpected"
                page.failure(f"{outcome} ({page.status_code})")
            _record(kind, started, page, outcome, url=url)
            return page if outcome == "ok" else None

    @task(3)
    def browse_list(self):
        self._get("GET list", secrets.choice(LISTS))

    @task(3)
    def open_record(self):
        model, ids = secrets.choice((("account", PLAN["accounts"]), ("order", PLAN["orders"])))
        self._get("GET record", f"/crm/{model}/{secrets.choice(ids)}/change/")

    @task(1)
    def health(self):
        started = time.time()
        with self.client.get("/api/health", name="GET health", catch_response=True) as response:
            ok = response.status_code == 200
            if not ok:
                response.failure(f"health {response.status_code}")
            instance = response.json().get("instance") if ok else None
            _record(
                "GET health", started, response, "ok" if ok else "unexpected", instance=instance
            )

    # --- writing ----------------------------------------------------------------------------
    def _post_form(self, kind: str, url: str, data: dict):
        """POST a form as the browser would; (response, started, finished). Locust counts a
        failure for what no user should see: an error status or a sign-in redirect."""
        started = time.time()
        with self.client.post(
            url, data=data, name=kind, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code >= 400 or _signed_out(response):
                response.failure(f"{kind} answered {response.status_code}")
            else:
                response.success()
        return response, started, time.time()

    @task(2)
    def edit_account(self):
        account = secrets.choice(PLAN["accounts"])
        url = f"/crm/account/{account}/change/"
        page = self._get("GET edit form", f"{url}?edit=1")
        if page is None:
            return
        data = form_fields(page.text, "account_form")
        marker = f"drill-edit-{uuid.uuid4().hex[:12]}"
        data["description"] = marker

        def classify(response):
            if response.status_code == 200 and STALE in response.text:
                return "conflict"  # the early check: the form again, input kept
            if _unavailable(response):
                return "error_clear"
            if _signed_out(response) or response.status_code != 302:
                return "signed_out" if _signed_out(response) else "unexpected"
            # Saved, or refused by the save's own version claim: both redirect to the record,
            # which then shows either the saved values or the stale-record message.
            after = self._get("GET record", response.headers["Location"])
            if after is None:
                return "unexpected"
            return "conflict" if STALE in after.text else "saved"

        response, started, finished = self._post_form("POST edit", url, data)
        _record(
            "POST edit",
            started,
            response,
            classify(response),
            end=finished,
            account=account,
            version=int(data.get("version", -1)),
            marker=marker,
        )

    @task(2)
    def move_card(self):
        board = self._get("GET pipeline", "/portal/pipeline/")
        if board is None:
            return
        cards, stage = {}, None
        for match in BOARD_ITEM.finditer(board.text):
            if match.group(1):
                stage = match.group(1)
            else:
                cards[int(match.group(2))] = (stage, int(match.group(3)))
        candidates = [pk for pk in PLAN["opportunities"] if pk in cards]
        if not candidates:
            return
        pk = secrets.choice(candidates)
        current, version = cards[pk]
        target = secrets.choice([s for s in OPEN_STAGES if s != current])
        started = time.time()
        with self.client.post(
            "/portal/pipeline/move/",
            json={"id": pk, "version": version, "stage": target},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="POST kanban move",
            catch_response=True,
        ) as response:
            body = response.json() if "json" in response.headers.get("Content-Type", "") else {}
            if response.status_code == 200 and body.get("ok"):
                outcome = "saved"
            elif response.status_code == 409:
                outcome = "conflict"
            elif response.status_code == 401:
                outcome = "signed_out"
            elif _unavailable(response):
                outcome = "error_clear"
            else:
                outcome = "unexpected"
            if outcome in ("saved", "conflict"):
                response.success()
            else:
                response.failure(f"{outcome} ({response.status_code})")
            _record(
                "POST kanban move",
                started,
                response,
                outcome,
                opportunity=pk,
                version=version,
                stage=target,
                new_version=(body.get("card") or {}).get("version"),
            )

    @task(1)
    def log_payment(self):
        order = secrets.choice(PLAN["orders"])
        url = f"/crm/order/{order}/log-payment/"
        page = self._get("GET payment form", url)
        if page is None:
            return
        data = form_fields(page.text, "crm-payment-form")
        amount = f"{(100 + secrets.randbelow(2400)) / 100:.2f}"
        reference = f"drill-{uuid.uuid4().hex[:16]}"
        data.update(amount=amount, transaction_id=reference, status="completed")

        def classify(response):
            if response.status_code == 302 and not _signed_out(response):
                return "saved"
            if response.status_code == 200:
                return "refused"  # the form again, with the service's message
            if _unavailable(response):
                return "error_clear"
            return "signed_out" if _signed_out(response) else "unexpected"

        response, started, finished = self._post_form("POST payment", url, data)
        _record(
            "POST payment",
            started,
            response,
            classify(response),
            end=finished,
            order=order,
            amount=amount,
            reference=reference,
        )
