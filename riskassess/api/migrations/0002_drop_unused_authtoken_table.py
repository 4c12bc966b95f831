from django.db import migrations


class Migration(migrations.Migration):
    """rest_framework.authtoken left INSTALLED_APPS (API tokens are riskassess.api.ApiToken): its
    table, empty and unused, goes too on databases that have it."""

    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop),
    ]
