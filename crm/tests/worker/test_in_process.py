"""With no broker configured (the demo, the tests) a queued task runs in-process, after the
transaction that queued it commits."""

import pytest
from celery import shared_task
from django.db import transaction

from crm.queueing import queue_task

RAN = []


@shared_task(name="crm.tests.remember")
def remember(value):
    RAN.append(value)


def test_no_broker_means_tasks_run_in_process(settings):
    assert settings.CRM_BROKER_CONFIGURED is False
    assert settings.CELERY_BROKER_URL == "memory://"
    assert settings.CELERY_TASK_ALWAYS_EAGER is True


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_transaction_runs_once_it_commits():
    RAN.clear()
    with transaction.atomic():
        queue_task("crm.tests.remember", "after")
        assert RAN == []
    assert RAN == ["after"]


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_rolled_back_transaction_never_runs():
    RAN.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_task("crm.tests.remember", "never")
        raise RuntimeError("rolled back")
    assert RAN == []
