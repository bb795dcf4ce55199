"""Read queries for the product catalogue used by the line forms."""

from crm.models.catalog import Product


def active_list_prices() -> dict[str, dict[str, str]]:
    """Every active product's list price, ``{id: {"amount": "100.00", "currency": "USD"}}``,
    in one query: the Add Product page fills the price from it as soon as a product is
    chosen, without asking the server once per product."""
    rows = Product.objects.filter(is_active=True).values_list(
        "pk", "standard_list_price", "standard_list_price_currency"
    )
    return {
        str(pk): {"amount": f"{amount:.2f}", "currency": currency} for pk, amount, currency in rows
    }


def parent_currency(model, parent_id) -> str | None:
    """The currency of a line's parent (opportunity, quote, contract) by id, or None."""
    return model._base_manager.filter(pk=parent_id).values_list("currency", flat=True).first()
