"""What a client document shows, independent of how it is drawn."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentLine:
    description: str
    quantity: str
    unit_price: str
    amount: str


@dataclass(frozen=True)
class Document:
    title: str  # "Quote", "Invoice"
    number: str  # "Q-000004", "INV-000001"
    meta: list[tuple[str, str]]  # ("Date", "December 5, 2026"), ("Due date", …)
    bill_to: list[str]  # first line is the client's name
    about: list[str]  # the right-hand box: what the document is for, who prepared it
    about_heading: str
    lines: list[DocumentLine]
    totals: list[tuple[str, str]]  # the last row is the amount to pay, drawn bold
    notes: str = ""
    payment_details: str = ""
    footer: list[str] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"
