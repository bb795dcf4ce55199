"""A quote as a Document and as PDF (Send Quote attaches it; the quote page downloads it)."""

from crm.documents.model import Document, DocumentLine
from crm.documents.pdf import render_pdf
from crm.documents.wording import long_date, money, quantity, standard_footer
from crm.models.quotes import Quote
from crm.selectors.quotes import printable_quote, quote_lines


def quote_document(quote: Quote) -> Document:
    quote = printable_quote(quote.pk)
    currency = quote.currency
    bill_to = [quote.account.name]
    if quote.contact:
        bill_to.append(f"Attn: {quote.contact}")
    bill_to.extend(line for line in quote.account.billing_address.splitlines() if line.strip())
    if quote.contact and quote.contact.email:
        bill_to.append(quote.contact.email)
    owner = quote.owner
    about = [quote.name, f"Prepared by {owner.get_full_name() or owner}"]
    if owner.email:
        about.append(owner.email)
    lines = [
        DocumentLine(
            description=" — ".join(part for part in (line.product.name, line.description) if part),
            quantity=quantity(line.quantity),
            unit_price=money(line.sale_price, currency),
            amount=money(line.total, currency),
        )
        for line in quote_lines(quote)
    ]
    valid_until = long_date(quote.expiration_date, empty="further notice")
    return Document(
        title="Quote",
        number=quote.number,
        meta=[
            ("Date", long_date(quote.created_at.date())),
            ("Valid until", long_date(quote.expiration_date)),
        ],
        bill_to=bill_to,
        about_heading="Quote",
        about=about,
        lines=lines,
        totals=[(f"Total ({currency})", money(quote.total, currency))],
        notes=quote.description,
        footer=[
            f"This quote is valid until {valid_until}. Prices are in {currency}.",
            *standard_footer(quote.number),
        ],
    )


def quote_pdf(quote: Quote) -> bytes:
    return render_pdf(quote_document(quote))
