from crm.models.accounts import Account, AccountType, Contact, Salutation
from crm.models.activities import Activity, ActivityType, Priority, TaskStatus
from crm.models.activity_links import WHAT_FIELDS, WHAT_LINKS, WHO_FIELDS, WHO_LINKS
from crm.models.api_tokens import ApiToken
from crm.models.assets import Asset, AssetStatus
from crm.models.attachments import Attachment
from crm.models.base import (
    BusinessRecord,
    DeactivatableRecord,
    OwnedModel,
    RecordQuerySet,
    SoftDeleteModel,
    TimeStampedModel,
    VersionedModel,
)
from crm.models.catalog import Product, ProductFamily
from crm.models.choices import Industry, LeadSource
from crm.models.company import CompanyInformation
from crm.models.contracts import (
    BillingCycle,
    Contract,
    ContractLineItem,
    ContractStatus,
)
from crm.models.import_jobs import ImportJob, ImportJobStatus
from crm.models.invoice_lines import InvoiceLine
from crm.models.invoice_reminders import InvoiceReminder
from crm.models.invoices import Invoice, InvoiceStatus
from crm.models.knowledge import ArticleStatus, KnowledgeArticle
from crm.models.leads import Lead, LeadStatus
from crm.models.list_views import LastListView, RecentlyViewed, SavedListView
from crm.models.marketing import (
    Campaign,
    CampaignMember,
    CampaignStatus,
    CampaignType,
    MemberStatus,
)
from crm.models.once import FormSubmission
from crm.models.opportunities import LossReason, Opportunity, OpportunityType, Stage
from crm.models.opportunity_lines import ContactRole, OpportunityContactRole, OpportunityLineItem
from crm.models.orders import Order, OrderLineItem, OrderStatus
from crm.models.outbox import EmailAttachment, EmailMessage, EmailStatus
from crm.models.payments import Payment, PaymentMethod, PaymentStatus
from crm.models.quotes import Quote, QuoteLineItem, QuoteStatus
from crm.models.support import (
    Case,
    CaseOrigin,
    CasePriority,
    CaseStatus,
    CaseType,
    Solution,
    SolutionStatus,
)
from crm.models.users import Role, User

__all__ = [
    "ApiToken",
    "Activity",
    "ActivityType",
    "Priority",
    "TaskStatus",
    "WHAT_FIELDS",
    "WHAT_LINKS",
    "WHO_FIELDS",
    "WHO_LINKS",
    "Account",
    "AccountType",
    "Attachment",
    "FormSubmission",
    "ImportJob",
    "ImportJobStatus",
    "LastListView",
    "RecentlyViewed",
    "SavedListView",
    "Contact",
    "ContactRole",
    "Opportunity",
    "OpportunityContactRole",
    "OpportunityLineItem",
    "OpportunityType",
    "LossReason",
    "Product",
    "Quote",
    "QuoteLineItem",
    "QuoteStatus",
    "ProductFamily",
    "Stage",
    "Industry",
    "LeadSource",
    "Salutation",
    "BusinessRecord",
    "DeactivatableRecord",
    "OwnedModel",
    "RecordQuerySet",
    "Role",
    "SoftDeleteModel",
    "TimeStampedModel",
    "User",
    "VersionedModel",
    "Lead",
    "LeadStatus",
    "Campaign",
    "CompanyInformation",
    "CampaignMember",
    "CampaignStatus",
    "CampaignType",
    "MemberStatus",
    "Asset",
    "AssetStatus",
    "Order",
    "OrderLineItem",
    "OrderStatus",
    "EmailAttachment",
    "EmailMessage",
    "EmailStatus",
    "Payment",
    "Invoice",
    "InvoiceLine",
    "InvoiceReminder",
    "InvoiceStatus",
    "PaymentMethod",
    "PaymentStatus",
    "ArticleStatus",
    "Case",
    "CaseOrigin",
    "CasePriority",
    "CaseStatus",
    "CaseType",
    "KnowledgeArticle",
    "Solution",
    "SolutionStatus",
    "BillingCycle",
    "Contract",
    "ContractLineItem",
    "ContractStatus",
]
