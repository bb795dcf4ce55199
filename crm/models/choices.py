"""Picklists shared by several entities (SPEC §6): stored as lower_snake codes with labels."""

from django.db import models


class Industry(models.TextChoices):
    """The 32 standard Salesforce industries (Account.industry, Lead.industry)."""

    AGRICULTURE = "agriculture", "Agriculture"
    APPAREL = "apparel", "Apparel"
    BANKING = "banking", "Banking"
    BIOTECHNOLOGY = "biotechnology", "Biotechnology"
    CHEMICALS = "chemicals", "Chemicals"
    COMMUNICATIONS = "communications", "Communications"
    CONSTRUCTION = "construction", "Construction"
    CONSULTING = "consulting", "Consulting"
    EDUCATION = "education", "Education"
    ELECTRONICS = "electronics", "Electronics"
    ENERGY = "energy", "Energy"
    ENGINEERING = "engineering", "Engineering"
    ENTERTAINMENT = "entertainment", "Entertainment"
    ENVIRONMENTAL = "environmental", "Environmental"
    FINANCE = "finance", "Finance"
    FOOD_AND_BEVERAGE = "food_and_beverage", "Food & Beverage"
    GOVERNMENT = "government", "Government"
    HEALTHCARE = "healthcare", "Healthcare"
    HOSPITALITY = "hospitality", "Hospitality"
    INSURANCE = "insurance", "Insurance"
    MACHINERY = "machinery", "Machinery"
    MANUFACTURING = "manufacturing", "Manufacturing"
    MEDIA = "media", "Media"
    NOT_FOR_PROFIT = "not_for_profit", "Not For Profit"
    RECREATION = "recreation", "Recreation"
    RETAIL = "retail", "Retail"
    SHIPPING = "shipping", "Shipping"
    TECHNOLOGY = "technology", "Technology"
    TELECOMMUNICATIONS = "telecommunications", "Telecommunications"
    TRANSPORTATION = "transportation", "Transportation"
    UTILITIES = "utilities", "Utilities"
    OTHER = "other", "Other"


class LeadSource(models.TextChoices):
    """Where a person first came from (Lead, Contact and Opportunity lead_source)."""

    WEB = "web", "Web"
    PHONE_INQUIRY = "phone_inquiry", "Phone Inquiry"
    REFERRAL = "referral", "Referral"
    PARTNER_REFERRAL = "partner_referral", "Partner Referral"
    SOCIAL_MEDIA = "social_media", "Social Media"
    ADVERTISEMENT = "advertisement", "Advertisement"
    TRADE_SHOW = "trade_show", "Trade Show"
    EMAIL_CAMPAIGN = "email_campaign", "Email Campaign"
    OTHER = "other", "Other"


UNSPECIFIED_SOURCE = "Unspecified"  # a record without a lead source, in every report


def lead_source_label(value: str | None) -> str:
    """The label of a lead source value, the same on Home and in the lead source report."""
    return str(LeadSource(value).label) if value in LeadSource.values else UNSPECIFIED_SOURCE
