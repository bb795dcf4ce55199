"""Demo activities: about 300 calls, follow-ups and meetings over the last and next 60 days,
tied to demo accounts, opportunities, contacts and leads, for both demo users — some overdue,
the past ones mostly done. Created through the real services; a second run adds nothing."""

import datetime
import random

from django.utils import timezone

from crm.models import Account, Activity, Contact, Lead, Opportunity
from crm.models.activities import Priority
from crm.services.activities import complete_task, create_activity, log_call

PER_SCALE = 300
CALL = "Call {name}"
TASKS = (
    CALL,
    "Follow up on proposal",
    "Send contract draft",
    "Prepare quote",
    "Email recap",
)
EVENTS = ("Kick-off meeting", "Discovery call", "Design review", "Quarterly review", "Lunch")
PLACES = ("Client office", "Zoom", "Our studio", "Phone", "")


def _relation(index: int, rng: random.Random, pools: dict) -> dict:
    """At most one what and one who, rotating over the kinds of record."""
    kind = index % 4
    if kind == 0 and pools["opportunities"]:
        opportunity = rng.choice(pools["opportunities"])
        contact = next(iter(opportunity.account.contacts.all()), None)
        return {"related_opportunity": opportunity, "contact": contact}
    if kind == 1 and pools["contacts"]:
        contact = rng.choice(pools["contacts"])
        return {"related_account": contact.account, "contact": contact}
    if kind == 2 and pools["leads"]:
        return {"lead": rng.choice(pools["leads"])}
    if pools["accounts"]:
        return {"related_account": rng.choice(pools["accounts"])}
    return {}


def seed(*, admin, sales, scale: int) -> None:
    if Activity.objects.exists():
        return
    rng = random.Random(2028)
    pools = {
        "accounts": list(Account.objects.active().order_by("pk")[:200]),
        "contacts": list(Contact.objects.active().select_related("account").order_by("pk")[:200]),
        "opportunities": list(
            Opportunity.objects.open().select_related("account").order_by("pk")[:200]
        ),
        "leads": list(Lead.objects.open().order_by("pk")[:100]),
    }
    now = timezone.localtime()
    today = now.date()
    for index in range(PER_SCALE * scale):
        user = sales if index % 3 else admin
        offset = rng.randint(-60, 60)
        links = {k: v for k, v in _relation(index, rng, pools).items() if v is not None}
        if index % 2:
            name = str(links.get("contact") or links.get("lead") or "the client")
            template = rng.choice(TASKS)
            fields = {
                "subject": template.format(name=name),
                "due_date": today + datetime.timedelta(days=offset),
                "priority": rng.choice(Priority.values),
                **links,
            }
            # Most past tasks are done (a past "Call …" was a call: logged as one); the rest
            # stay overdue (shown red on Home).
            done = offset < 0 and rng.random() < 0.75
            if done and template == CALL:
                log_call(user=user, **fields)
                continue
            task = create_activity(user=user, type="task", **fields)
            if done:
                complete_task(task, user=user, version=task.version)
        else:
            start = now.replace(hour=rng.choice([9, 10, 11, 14, 15, 16]), minute=0, second=0)
            start = start.replace(microsecond=0) + datetime.timedelta(days=offset)
            all_day = rng.random() < 0.08
            if all_day:
                start = start.replace(hour=0)
            minutes = 0 if all_day else rng.choice([30, 60, 90])
            create_activity(
                user=user,
                type="event",
                subject=rng.choice(EVENTS),
                start_time=start,
                end_time=start + datetime.timedelta(minutes=minutes),
                is_all_day_event=all_day,
                location=rng.choice(PLACES),
                **links,
            )
