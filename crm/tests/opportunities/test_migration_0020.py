"""Migration 0020: the free-text loss reason moves into ``loss_details`` (a lost deal that had
one gets the reason "Other"), and going back restores the text."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("crm", "0019_search_trigram")]
AFTER = [("crm", "0020_loss_reason_void_reason")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_free_text_becomes_details_and_back():
    from crm.tests.factories import OpportunityFactory

    lost = OpportunityFactory(name="Lost with text")
    silent = OpportunityFactory(name="Lost without text")
    apps = migrate(BEFORE)
    try:
        old = apps.get_model("crm", "Opportunity")
        old.objects.filter(pk=lost.pk).update(stage="closed_lost", loss_reason="Went in-house")
        old.objects.filter(pk=silent.pk).update(stage="closed_lost", loss_reason="")
        apps = migrate(AFTER)
        new = apps.get_model("crm", "Opportunity")
        rows = dict(new.objects.values_list("pk", "loss_reason"))
        assert rows == {lost.pk: "other", silent.pk: ""}
        assert new.objects.get(pk=lost.pk).loss_details == "Went in-house"
        apps = migrate(BEFORE)
        back = apps.get_model("crm", "Opportunity").objects.get(pk=lost.pk)
        assert back.loss_reason == "Went in-house"
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
