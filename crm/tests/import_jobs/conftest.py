"""Helpers for the big-import tests: a lead file and a queued job holding it."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from crm.models import ImportJob

HEADER = ["First Name", "Last Name", "Company", "Email", "Status"]


def lead_rows(count: int, *, start: int = 0) -> list[list[str]]:
    return [
        [f"Nia{n}", f"Obi{n}", f"Bakery {n}", f"nia{n}@bakery.example", "New"]
        for n in range(start, start + count)
    ]


def csv_bytes(rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def upload(rows, name="leads.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")


def queued_job(user, data: bytes, *, kind="lead", name="leads.csv") -> ImportJob:
    """A job as the import page leaves it (file stored, queued), without running it."""
    job = ImportJob(object_kind=kind, file_name=name, file_format=name.rsplit(".", 1)[1], user=user)
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    return job


@pytest.fixture
def importer(sales_user):
    """A sales user, who may import leads (SPEC §5)."""
    assert sales_user.has_perm("crm.import_lead")
    return sales_user
