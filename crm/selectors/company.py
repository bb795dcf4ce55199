"""The agency's company information (one record, crm.models.company)."""

from django.conf import settings

from crm.models.company import SINGLETON_ID, CompanyInformation


def company_information() -> CompanyInformation:
    """The saved record, or — before an admin fills it in — an unsaved default named after
    ``CRM_AGENCY_NAME`` with the default terms and currency. Never None."""
    saved = CompanyInformation.objects.filter(pk=SINGLETON_ID).first()
    return saved or CompanyInformation(legal_name=settings.CRM_AGENCY_NAME)


def company_logo_bytes(company: CompanyInformation) -> bytes | None:
    """The uploaded logo's bytes (private storage), or None when there is none or it is gone."""
    if not company.logo:
        return None
    try:
        with company.logo.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None
