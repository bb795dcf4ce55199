"""Demo product catalogue: what a small web agency sells."""

from decimal import Decimal

from djmoney.money import Money

from crm.models.catalog import Product, ProductFamily

# name, code, family, list price, retainer?, description
PRODUCTS = [
    (
        "Website build — small business",
        "WEB-SMB",
        ProductFamily.WEBSITE,
        "8500",
        False,
        "Up to 10 pages, CMS, responsive design, launch support.",
    ),
    (
        "Website build — e-commerce",
        "WEB-SHOP",
        ProductFamily.WEBSITE,
        "18000",
        False,
        "Online shop with payments, catalogue import and training.",
    ),
    (
        "Landing page",
        "WEB-LAND",
        ProductFamily.WEBSITE,
        "1800",
        False,
        "Single campaign page with form and analytics.",
    ),
    (
        "Managed hosting (monthly)",
        "HOST-MO",
        ProductFamily.HOSTING,
        "120",
        True,
        "Hosting, SSL, backups and uptime monitoring.",
    ),
    (
        "Monthly maintenance retainer",
        "MAINT-MO",
        ProductFamily.MAINTENANCE,
        "650",
        True,
        "Updates, security patches and 4 h of small changes per month.",
    ),
    (
        "SEO retainer (monthly)",
        "SEO-MO",
        ProductFamily.SEO,
        "1200",
        True,
        "Technical SEO, content plan and monthly report.",
    ),
    (
        "SEO audit",
        "SEO-AUD",
        ProductFamily.SEO,
        "2400",
        False,
        "One-off technical and content audit with priorities.",
    ),
    ("Design hours", "DES-HR", ProductFamily.DESIGN, "95", False, "Billed per hour."),
    (
        "Brand identity package",
        "DES-BRAND",
        ProductFamily.DESIGN,
        "5200",
        False,
        "Logo, palette, typography and brand guidelines.",
    ),
    (
        "Paid social campaign management",
        "MKT-SOC",
        ProductFamily.MARKETING,
        "900",
        True,
        "Monthly campaign management (ad spend billed separately).",
    ),
    (
        "Digital strategy workshop",
        "CONS-WS",
        ProductFamily.CONSULTING,
        "1500",
        False,
        "Half-day workshop with written recommendations.",
    ),
    (
        "Legacy Flash microsite",
        "WEB-FLASH",
        ProductFamily.WEBSITE,
        "3000",
        False,
        "Retired offering kept for old deals.",
    ),
]


def seed(*, admin, sales, scale: int) -> None:
    for name, code, family, price, retainer, description in PRODUCTS:
        product, created = Product.objects.get_or_create(
            product_code=code,
            defaults={
                "name": name,
                "family": family,
                "standard_list_price": Money(Decimal(price), "USD"),
                "is_retainer_product": retainer,
                "description": description,
                "owner": admin,
            },
        )
        if created and code == "WEB-FLASH":
            product.is_active = False
            product.save()
