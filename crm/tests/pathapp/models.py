from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from crm.models import BusinessRecord


class Ticket(FSMModelMixin, BusinessRecord):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        WORKING = "working", "Working"
        DONE = "done", "Done"

    title = models.CharField(max_length=100)
    status = FSMField(choices=Status.choices, default=Status.OPEN, protected=True)

    def __str__(self):
        return self.title

    @transition(field=status, source=Status.OPEN, target=Status.WORKING)
    def start(self):
        """open → working"""

    @transition(field=status, source=[Status.OPEN, Status.WORKING], target=Status.DONE)
    def finish(self):
        """open/working → done"""
