from django.db import migrations, models

# The table of the database cache (CACHES["default"], LOCATION "cache_entries"), as `createcachetable`
# makes it; IF NOT EXISTS so that a database where that command already ran migrates cleanly.
CACHE_TABLE = """
CREATE TABLE IF NOT EXISTS "cache_entries" (
    "cache_key" varchar(255) NOT NULL PRIMARY KEY,
    "value" text NOT NULL,
    "expires" timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS "cache_entries_expires" ON "cache_entries" ("expires");
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.RunSQL(CACHE_TABLE, reverse_sql='DROP TABLE IF EXISTS "cache_entries"'),
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                ("key", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("count", models.PositiveIntegerField(default=0)),
                ("expires_at", models.DateTimeField(db_index=True)),
            ],
            options={"verbose_name": "rate counter", "verbose_name_plural": "rate counters"},
        ),
    ]
