"""Issue 24: the loss reason becomes a picklist (Price, Competitor, No budget, No decision,
Timing, Other) with the free text in ``loss_details``, and a voided payment keeps its
``void_reason``.

The existing free-text loss reason moves into ``loss_details`` (history rows too); a lost deal
that had a text gets the reason "Other", one without keeps none (the close service requires a
reason for every new loss). Leaving Closed Lost always cleared the text, so deals that are not
lost hold none; the data step clears any stray text so the new constraint holds."""

from django.db import migrations, models
from django.db.models import F, Q

LOST = "closed_lost"


def text_into_details(apps, schema_editor):
    for name in ("Opportunity", "HistoricalOpportunity"):
        model = apps.get_model("crm", name)
        model.objects.exclude(loss_reason="").update(
            loss_details=F("loss_reason"), loss_reason="other"
        )
    apps.get_model("crm", "Opportunity").objects.exclude(stage=LOST).exclude(
        loss_reason="", loss_details=""
    ).update(loss_reason="", loss_details="")


def details_into_text(apps, schema_editor):
    for name in ("Opportunity", "HistoricalOpportunity"):
        model = apps.get_model("crm", name)
        model.objects.filter(~Q(loss_details="")).update(loss_reason=F("loss_details"))


class Migration(migrations.Migration):

    dependencies = [
        ('crm', '0019_search_trigram'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalopportunity',
            name='loss_details',
            field=models.TextField(blank=True, verbose_name='loss details'),
        ),
        migrations.AddField(
            model_name='historicalpayment',
            name='void_reason',
            field=models.TextField(blank=True, verbose_name='void reason'),
        ),
        migrations.AddField(
            model_name='opportunity',
            name='loss_details',
            field=models.TextField(blank=True, verbose_name='loss details'),
        ),
        migrations.AddField(
            model_name='payment',
            name='void_reason',
            field=models.TextField(blank=True, verbose_name='void reason'),
        ),
        migrations.RunPython(text_into_details, details_into_text, elidable=False),
        migrations.AlterField(
            model_name='historicalopportunity',
            name='loss_reason',
            field=models.CharField(blank=True, choices=[('price', 'Price'), ('competitor', 'Competitor'), ('no_budget', 'No budget'), ('no_decision', 'No decision'), ('timing', 'Timing'), ('other', 'Other')], max_length=20, verbose_name='loss reason'),
        ),
        migrations.AlterField(
            model_name='opportunity',
            name='loss_reason',
            field=models.CharField(blank=True, choices=[('price', 'Price'), ('competitor', 'Competitor'), ('no_budget', 'No budget'), ('no_decision', 'No decision'), ('timing', 'Timing'), ('other', 'Other')], max_length=20, verbose_name='loss reason'),
        ),
        migrations.AddConstraint(
            model_name='opportunity',
            constraint=models.CheckConstraint(condition=models.Q(('loss_reason__in', ['', 'price', 'competitor', 'no_budget', 'no_decision', 'timing', 'other'])), name='opportunity_loss_reason_valid'),
        ),
        migrations.AddConstraint(
            model_name='opportunity',
            constraint=models.CheckConstraint(condition=models.Q(('stage', 'closed_lost'), models.Q(('loss_details', ''), ('loss_reason', '')), _connector='OR'), name='opportunity_loss_only_when_lost'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'void'), ('void_reason', ''), _connector='OR'), name='payment_void_reason_only_when_void'),
        ),
    ]
