"""Deep pages of a long list (issue 23 item 8: the last page of 20,000 accounts took 94 ms).

``LIMIT 50 OFFSET 19950`` makes PostgreSQL build every row before it — each account joined to
its owner and parent, 20,000 wide rows sorted on disk — to keep fifty. Past the first
thousand rows a page asks in two steps instead: the ids of the page (the list's own filter
and order over narrow rows), then those fifty records with everything the list shows. The
first pages, which are nearly all that users open, stay one query.

The count of a whole table that PostgreSQL keeps (crm.selectors.row_counts: activities,
payments, invoices, opportunities, orders) is read instead of counted: 8 ms of the
200,000-activity list, 4 ms of the 115,000-payment list. A filtered list counts as before."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from crm.selectors.row_counts import counts_whole_table, table_count
from crm.services.row_counts import FOLD_AFTER, fold_row_count

DEEP_OFFSET = 1000  # rows before the page from which the ids are fetched first


class DeepPagePaginator(Paginator):
    @cached_property
    def count(self):
        rows = self.object_list
        if isinstance(rows, QuerySet) and counts_whole_table(rows):
            kept = table_count(rows.model)
            if kept is not None:
                if kept.pieces > FOLD_AFTER:
                    fold_row_count(rows.model)
                return kept.rows
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list
        if bottom < DEEP_OFFSET or not isinstance(rows, QuerySet) or rows.query.distinct:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        found = {record.pk: record for record in rows.filter(pk__in=ids).order_by()}
        # A record gone between the two steps is left out, as the next page would.
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)
