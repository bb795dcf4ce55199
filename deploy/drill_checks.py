"""The drill's assertions (deploy/drill). Three steps, each run with the instances' environment:

  prepare  pick the records the users will fight over; keep their state before the load
  direct   before the load, against each instance directly and through nginx: a session made
           on one instance works (and ends) on the other; a lockout made on one holds on the
           other; nginx spreads requests over both
  verify   after the load: events.jsonl (locust) against the database and nginx's access log

Each failed assertion prints FAIL and the step exits 1."""

import json
import os
import sys
import time
from pathlib import Path

import django
import requests
import urllib3

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from drill_forms import csrf_token  # noqa: E402
from drill_report import verify  # noqa: E402

from crm.demo import DEMO_PASSWORD  # noqa: E402
from crm.models import Account, Opportunity, Order  # noqa: E402
from crm.models.opportunities import OPEN_STAGES  # noqa: E402
from crm.models.orders import OrderStatus  # noqa: E402

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
WORK = Path(os.environ["DRILL_WORK"])
BALANCER = os.environ["DRILL_BALANCER"]
ADMIN, SALES = "admin@agency.example", "sales@agency.example"
INSTANCE_A = f"http://127.0.0.1:{os.environ['PORT_A']}"
INSTANCE_B = f"http://127.0.0.1:{os.environ['PORT_B']}"
LOCKED = "Too many failed sign-in attempts"
FAILURES: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"  {'PASS' if ok else 'FAIL'}  {what}")
    if not ok:
        FAILURES.append(what)


# --- prepare ----------------------------------------------------------------------------------
def prepare() -> None:
    accounts = list(Account.objects.order_by("pk").values_list("pk", flat=True)[:4])
    opportunities = list(
        Opportunity.objects.filter(stage__in=OPEN_STAGES)
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )
    payable = (OrderStatus.AWAITING_PAYMENT, OrderStatus.PARTIALLY_PAID, OrderStatus.PAID_IN_FULL)
    orders = list(
        Order.objects.filter(status__in=payable).order_by("pk").values_list("pk", flat=True)
    )
    before = {
        "accounts": {
            pk: {"version": version}
            for pk, version in Account.objects.filter(pk__in=accounts).values_list("pk", "version")
        },
        "opportunities": {
            pk: {"version": version, "stage": stage}
            for pk, version, stage in Opportunity.objects.filter(pk__in=opportunities).values_list(
                "pk", "version", "stage"
            )
        },
        "orders": {
            row["pk"]: {"paid": str(row["amount_paid"]), "status": row["status"]}
            for row in Order.objects.with_totals()
            .filter(pk__in=orders)
            .values("pk", "amount_paid", "status")
        },
    }
    plan = {
        "email": ADMIN,
        "password": DEMO_PASSWORD,
        "accounts": accounts,
        "opportunities": opportunities,
        "orders": orders,
        "before": before,
    }
    if not (accounts and opportunities and orders):
        raise SystemExit("drill: the demo data has no accounts, open deals or payable orders")
    (WORK / "plan.json").write_text(json.dumps(plan))
    print(
        f"  plan: {len(accounts)} accounts, {len(opportunities)} Kanban cards and "
        f"{len(orders)} orders shared by every user"
    )


# --- direct -----------------------------------------------------------------------------------
class Browser:
    """One browser's cookies, carried by hand so that the same session can be presented to an
    instance directly (plain HTTP on loopback, HTTPS announced the way nginx announces it)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def send(self, base: str, method: str, path: str, **kwargs) -> requests.Response:
        direct = base != BALANCER
        headers = {"Origin": BALANCER if not direct else base.replace("http:", "https:")}
        if direct:  # what nginx adds (deploy/nginx.conf)
            headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"})
        response = requests.request(
            method,
            base + path,
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            verify=False,  # noqa: S501 -- the drill's own throwaway certificate, on loopback
            timeout=20,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def sign_in(self, base: str, email: str, password: str) -> requests.Response:
        token = csrf_token(self.send(base, "GET", "/login/").text)
        data = {"username": email, "password": password, "csrfmiddlewaretoken": token}
        return self.send(base, "POST", "/login/", data=data)

    def signed_in_on(self, base: str) -> bool:
        return self.send(base, "GET", "/crm/account/").status_code == 200


def direct() -> None:
    print("  before the load, both instances up:")
    seen = {Browser().send(BALANCER, "GET", "/api/health").json()["instance"] for _ in range(8)}
    check(
        seen == {"app-a", "app-b"}, f"nginx spreads requests over both instances ({sorted(seen)})"
    )

    browser = Browser()
    signed = browser.sign_in(INSTANCE_A, ADMIN, DEMO_PASSWORD)
    check(signed.status_code == 302 and "sessionid" in browser.cookies, "signed in on app-a")
    check(browser.signed_in_on(INSTANCE_B), "the session made on app-a is signed in on app-b")
    token = browser.cookies.get("csrftoken", "")
    browser.send(INSTANCE_B, "POST", "/logout/", data={"csrfmiddlewaretoken": token})
    check(not browser.signed_in_on(INSTANCE_A), "signing out on app-b ends the session on app-a")

    attacker = Browser()
    answers = [attacker.sign_in(INSTANCE_A, SALES, "wrong-password").status_code for _ in range(5)]
    check(answers[-1] == 429, f"5 failed sign-ins on app-a lock the address (answers {answers})")
    locked_b = Browser().sign_in(INSTANCE_B, SALES, DEMO_PASSWORD)
    check(
        locked_b.status_code == 429 and LOCKED in locked_b.text,
        f"the lockout holds on app-b, even with the right password ({locked_b.status_code})",
    )
    locked_nginx = Browser().sign_in(BALANCER, SALES, DEMO_PASSWORD)
    check(locked_nginx.status_code == 429, "and through nginx")


def main() -> int:
    step = sys.argv[1] if len(sys.argv) > 1 else ""
    started = time.perf_counter()
    if step == "prepare":
        prepare()
    elif step == "direct":
        direct()
    elif step == "verify":
        verify(WORK, check)
    else:
        raise SystemExit("usage: drill_checks.py prepare|direct|verify")
    print(f"  ({step}: {time.perf_counter() - started:.1f}s)")
    if FAILURES:
        print(f"DRILL FAILED: {len(FAILURES)} assertion(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
