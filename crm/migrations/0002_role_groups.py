"""Create the two role groups of SPEC §5. Their permissions are (re)applied from the matrix in
crm.permissions after every migrate (crm.signals), so models added later are covered too."""

from django.db import migrations

GROUPS = ("Admin", "Sales user")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
