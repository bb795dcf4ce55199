"""Draw a Document as an A4 PDF with fpdf2, laid out like the print pages: the letterhead
(logo, legal name, address, tax number), the title and its dates, Bill to beside what it is
about, the lines, the totals, notes, payment details and the footer.

The text is set in DejaVu Sans (vendored in ./fonts with its licence) so any client name —
"Łódź Studio", "Zoë" — prints; fpdf2's built-in fonts know Latin-1 only."""

from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from crm.documents.model import Document
from crm.selectors.company import company_information, company_logo_bytes

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
INK, MUTED, RULE = (24, 24, 27), (100, 100, 110), (210, 210, 215)
LINE_WIDTHS = (92, 22, 33, 33)  # description, quantity, unit price, amount (mm, 180 in all)


class _Sheet(FPDF):
    footer_lines: list[str] = []

    def footer(self):
        self.set_y(-18)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        for line in self.footer_lines:
            self.cell(0, 4, line, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _text(pdf: FPDF, text: str, *, size=10, bold=False, color=INK, height=5, align=Align.L):
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _letterhead(pdf: FPDF, document: Document) -> None:
    company = company_information()
    top = pdf.get_y()
    logo = company_logo_bytes(company)
    if logo:
        try:
            pdf.image(BytesIO(logo), x=15, y=top, h=16)
            pdf.set_y(top + 18)
        except Exception:  # noqa: BLE001 — an unreadable logo must not stop the document
            pdf.set_y(top)
    _text(pdf, str(company), bold=True, size=11)
    details = [*company.address_lines]
    if company.tax_number:
        details.append(f"Tax / VAT number: {company.tax_number}")
    details.extend(value for value in (company.phone, company.website) if value)
    for line in details:
        _text(pdf, line, size=9, color=MUTED, height=4.5)
    left_bottom = pdf.get_y()
    # Title and its dates on the right, level with the letterhead.
    pdf.set_xy(120, top)
    pdf.set_font(FONT, "B", 22)
    pdf.set_text_color(*INK)
    pdf.cell(75, 10, document.title, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    for label, value in [("Number", document.number), *document.meta]:
        pdf.set_x(120)
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*MUTED)
        pdf.cell(35, 5, label, align=Align.R)
        pdf.set_font(FONT, "B", 9)
        pdf.set_text_color(*INK)
        pdf.cell(40, 5, value, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)


def _parties(pdf: FPDF, document: Document) -> None:
    top = pdf.get_y()
    for x, heading, lines in (
        (15, "Bill to", document.bill_to),
        (110, document.about_heading, document.about),
    ):
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "B", 8)
        pdf.set_text_color(*MUTED)
        pdf.cell(85, 5, heading.upper(), new_x=XPos.LEFT, new_y=YPos.NEXT)
        for index, line in enumerate(lines):
            pdf.set_x(x)
            pdf.set_font(FONT, "B" if index == 0 else "", 10)
            pdf.set_text_color(*INK)
            pdf.multi_cell(85, 5, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
        if x == 15:
            left_bottom = pdf.get_y()
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)


def _lines(pdf: FPDF, document: Document) -> None:
    pdf.set_draw_color(*RULE)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*INK)
    with pdf.table(
        col_widths=LINE_WIDTHS,
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", color=MUTED),
        line_height=6,
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        table.row(["Description", "Quantity", "Unit price", "Amount"])
        for line in document.lines:
            table.row([line.description, line.quantity, line.unit_price, line.amount])
    pdf.ln(3)
    for index, (label, value) in enumerate(document.totals):
        last = index == len(document.totals) - 1
        pdf.set_font(FONT, "B" if last else "", 11 if last else 9)
        pdf.set_x(100)
        pdf.cell(62, 6, label, align=Align.R)
        pdf.cell(33, 6, value, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _section(pdf: FPDF, heading: str, text: str) -> None:
    if not text.strip():
        return
    _text(pdf, heading.upper(), size=8, bold=True, color=MUTED)
    _text(pdf, text.strip(), size=9, height=4.5)
    pdf.ln(3)


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes (A4, one page for a usual quote or invoice)."""
    pdf = _Sheet(format="A4")
    pdf.footer_lines = document.footer
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=24)
    pdf.set_title(f"{document.title} {document.number}")
    pdf.set_creator(str(company_information()))
    pdf.add_page()
    _letterhead(pdf, document)
    _parties(pdf, document)
    _lines(pdf, document)
    _section(pdf, "Notes", document.notes)
    _section(pdf, "Payment details", document.payment_details)
    return bytes(pdf.output())
