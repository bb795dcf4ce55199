"""A quote's lines: the Quote Lines card on its page (New / Edit / Remove while it is a
draft) and the small add / edit / remove pages it opens. Every write goes through
``crm.services.quotes`` (quote row locked, draft only); saving returns to the quote."""

from django.contrib import admin

from crm.admin.kit.child_rows import ChildRowAdmin
from crm.admin.kit.priced_lines import PricedLineForm, priced_line_fields, priced_lines_card
from crm.models.quotes import QuoteLineItem
from crm.selectors.quotes import quote_lines
from crm.services import quotes as services


class QuoteLineForm(PricedLineForm):
    class Meta:
        model = QuoteLineItem
        fields = priced_line_fields(QuoteLineItem)


@admin.register(QuoteLineItem)
class QuoteLineItemAdmin(ChildRowAdmin):
    """A line lives on its quote's page; this admin serves its forms."""

    form = QuoteLineForm
    parent_field = "quote"
    prefill_parent_fields = ("quote",)
    save_service = staticmethod(services.save_quote_line)
    remove_service = staticmethod(services.remove_quote_line)
    remove_question = "Remove the line {record} from this quote?"
    autocomplete_fields = ["product"]
    fields = edit_fields = priced_line_fields(QuoteLineItem)
    read_fields = priced_line_fields(QuoteLineItem, price_name="sale_price")
    list_display = ("product", "quote", "quantity", "sale_price")
    list_select_related = ("quote", "product")
    list_related_fields = {"quote": ("name",), "product": ("name",)}


def quote_lines_related_list():
    return priced_lines_card(
        key="quote_lines",
        title="Quote Lines",
        rows=quote_lines,
        model=QuoteLineItem,
        new_label="New Quote Line",
        limit=100,
        described=True,
    )
