"""CRMResource: what every CSV / XLSX resource shares (SPEC §7).

Files speak the user's language: headers are field labels ("Account Name", "Billing City"),
picklists are exported as labels and imported as label or code in any case, links are natural
keys (account by name, contact by email, owner by email), and errors name the columns. Rows are
matched case-insensitively on the natural key and updated, never duplicated; two rows with the
same key in one file are both errors, since one would silently overwrite the other. Business
rules are the models' own (``clean_model_instances``)."""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import QuerySet
from import_export import resources

from crm.resources.bulk import BatchedWrites
from crm.resources.widgets import header_key, text

EXPORT_CHUNK = 2000
REPEATED_KEY = "Row {row} repeats the {noun} of row {first} ('{value}'); keep one row per {record}."
KEY_REPEATED_LATER = "The {noun} '{value}' appears again in row {rows}; keep one row per {record}."
ONLY_ADMINS_ASSIGN = (
    "Only admins can make another user the owner; leave Owner Email empty (new records are "
    "yours) or use your own address."
)
ONLY_ADMINS_CHANGE = (
    "Only admins can change the owner of an existing record; leave Owner Email empty or keep "
    "{owner}."
)
NO_OWNER = "Fill in Owner Email: this import has no importing user to default to."
#: Lines above the first data row of a file (the header), so errors name the spreadsheet's
#: own row numbers: the first data row is row 2.
HEADER_LINES = 1


def file_line(number: int) -> int:
    """The spreadsheet row number of data row ``number`` (1 = the first row under the header)."""
    return number + HEADER_LINES


def depths(linked: dict[int, int], present: set[int]) -> dict[int, list[int]]:
    """Ids of the records that have a parent, by depth in the hierarchy (0 = the parent is
    not exported), in input order. ``linked`` maps id → parent id; ``present`` holds the
    exported ids among those parents."""
    levels: dict[int, list[int]] = {}
    for pk, parent in linked.items():
        level, seen = 0, {pk}
        while parent in present and parent not in seen:
            seen.add(parent)
            parent, level = linked.get(parent), level + 1
        levels.setdefault(level, []).append(pk)
    return dict(sorted(levels.items()))


def loaded_links(instance) -> list[str]:
    """Foreign keys holding a record loaded from the database (their target exists)."""
    names = []
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.is_cached(instance):
            target = field.get_cached_value(instance)
            if target is not None and target.pk is not None and not target._state.adding:
                names.append(field.name)
    return names


class CRMResource(BatchedWrites, resources.ModelResource):
    """Owner by email (blank → unchanged, or the importing user for new rows; only admins name
    someone else), an export-only Active column, forgiving headers, history attributed to the
    importing user, errors keyed by column label."""

    hierarchy_field: str | None = None
    export_related: tuple[str, ...] = ()
    #: Resource fields that identify a record in a file, and how to name them in an error.
    natural_key: tuple[str, ...] = ()
    natural_key_noun = ""

    # --- reading the file -------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        aliases = {}
        for name, field in self.fields.items():
            for alias in (name, field.attribute, field.column_name):
                aliases[header_key(alias)] = field.column_name
        dataset.headers = [aliases.get(header_key(h), h) for h in dataset.headers]
        while len(dataset) and not any(text(cell) for cell in dataset[-1]):
            del dataset[-1]  # spreadsheets often carry empty trailing rows
        self.repeated_rows = self.find_repeated_keys(dataset)
        super().before_import(dataset, **kwargs)

    def row_key(self, row) -> tuple[str, ...] | None:
        """The row's natural key, normalised (case and spacing ignored); None if incomplete."""
        values = tuple(
            " ".join(text(row.get(self.fields[name].column_name)).casefold().split())
            for name in self.natural_key
        )
        return values if values and all(values) else None

    def find_repeated_keys(self, dataset) -> dict[int, str]:
        """Row number (1 = first data row) → error, for every row whose key another row has."""
        rows_by_key: dict[tuple, list[int]] = {}
        shown: dict[tuple, tuple[str, str]] = {}
        for number, values in enumerate(dataset, 1):
            row = dict(zip(dataset.headers, values, strict=False))
            key = self.row_key(row)
            if key is not None:
                rows_by_key.setdefault(key, []).append(number)
                shown.setdefault(key, (self.key_noun(key), self.shown_key(row)))
        record = str(self._meta.model._meta.verbose_name)
        errors = {}
        for key, numbers in rows_by_key.items():
            if len(numbers) < 2:
                continue
            first, *later = numbers
            rows = ", ".join(str(file_line(n)) for n in later)
            noun, value = shown[key]
            errors[first] = KEY_REPEATED_LATER.format(
                noun=noun, value=value, rows=rows, record=record
            )
            for number in later:
                errors[number] = REPEATED_KEY.format(
                    row=file_line(number),
                    noun=noun,
                    first=file_line(first),
                    value=value,
                    record=record,
                )
        return errors

    def key_noun(self, key: tuple) -> str:
        return self.natural_key_noun

    def shown_key(self, row) -> str:
        return " / ".join(text(row.get(self.fields[name].column_name)) for name in self.natural_key)

    # --- one row ------------------------------------------------------------------------
    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.validation_error is not None:
            row_result.validation_error = self.labelled(row_result.validation_error)
        return row_result

    def labelled(self, error: ValidationError) -> ValidationError:
        """The error keyed by the column labels users see ("Account Name"), not by internal
        attribute names (``account``, ``billing_city``)."""
        if not hasattr(error, "error_dict"):
            return error
        by_label: dict[str, list] = {}
        for key, errors in error.error_dict.items():
            by_label.setdefault(self.label_of(key), []).extend(errors)
        return ValidationError(by_label)

    def label_of(self, name: str) -> str:
        if name == NON_FIELD_ERRORS:
            return name
        for field in self.fields.values():
            if name in (field.attribute, field.column_name):
                return field.column_name
        try:
            return str(self._meta.model._meta.get_field(name).verbose_name).title()
        except FieldDoesNotExist:
            return name

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own validation, minus two per-row queries that prove nothing new: a
        link just read from the database exists (no re-check), and in bulk mode the
        database enforces its check constraints at insert (any violation fails the import)."""
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(
                    exclude={*errors, *loaded_links(instance)},
                    validate_unique=validate_unique,
                    validate_constraints=not self._meta.use_bulk,
                )
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "owner":
            return self.import_owner(field, instance, row, **kwargs)
        return super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_owner(self, field, instance, row, **kwargs):
        """Sales users may only own what they create and never hand a record over (SPEC §5);
        admins may name any active user."""
        if field.column_name not in row:
            return
        owner = field.clean(row, **kwargs)
        if owner is None or owner.pk == instance.owner_id:
            return
        user = kwargs.get("user")
        if user is not None and not getattr(user, "is_admin_role", False):
            if not instance._state.adding:
                raise ValueError(ONLY_ADMINS_CHANGE.format(owner=instance.owner.email))
            if owner.pk != user.pk:
                raise ValueError(ONLY_ADMINS_ASSIGN)
        instance.owner = owner

    def import_instance(self, instance, row, **kwargs):
        """The row's values, every problem of the row reported at once (a repeated key
        next to a bad picklist value), so the row is never saved."""
        errors: dict = {}
        try:
            self.import_values(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        repeated = getattr(self, "repeated_rows", {}).get(kwargs.get("row_number"))
        if repeated:
            label = self.fields[self.natural_key[0]].column_name
            errors.setdefault(label, []).append(repeated)
        if errors:
            raise ValidationError(errors)

    def import_values(self, instance, row, **kwargs):
        if not hasattr(instance, "owner_id"):
            return super().import_instance(instance, row, **kwargs)
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if instance.owner_id is None and kwargs.get("user") is not None:
                instance.owner = kwargs["user"]
        if instance.owner_id is None:
            raise ValidationError({"owner": NO_OWNER})
        return None

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = kwargs.get("user")

    # --- export -------------------------------------------------------------------------
    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*self.export_related)

    def iter_queryset(self, queryset):
        """Records in chunks (flat memory). With a hierarchy, a parent (manager) comes before
        the rows that point at it, so an exported file re-imports into an empty database in
        one pass: first every record without a parent, streamed; then the others (held as
        ids only) level by level."""
        if not isinstance(queryset, QuerySet):
            yield from queryset
            return
        if not self.hierarchy_field:
            yield from queryset.iterator(chunk_size=EXPORT_CHUNK)
            return
        field = self.hierarchy_field
        yield from queryset.filter(**{f"{field}__isnull": True}).iterator(chunk_size=EXPORT_CHUNK)
        linked = dict(
            queryset.filter(**{f"{field}__isnull": False}).values_list("pk", f"{field}_id")
        )
        present = set(self._existing(queryset, sorted(set(linked.values()))))
        for ids in depths(linked, present).values():
            for start in range(0, len(ids), EXPORT_CHUNK):
                yield from self._in_order(queryset, ids[start : start + EXPORT_CHUNK])

    @staticmethod
    def _existing(queryset, ids: list[int]):
        for start in range(0, len(ids), EXPORT_CHUNK):
            chunk = ids[start : start + EXPORT_CHUNK]
            yield from queryset.filter(pk__in=chunk).values_list("pk", flat=True)

    @staticmethod
    def _in_order(queryset, ids: list[int]):
        by_pk = {record.pk: record for record in queryset.filter(pk__in=ids)}
        return (by_pk[pk] for pk in ids)
