"""Indexes for the hot reads: the admin's newest-first list, and briefs by author, theme
and country looked up from the term's side."""

from django.db import migrations, models

COUNTRY_BRIEFS = (
    "CREATE INDEX country_briefs ON briefs_brief_countries (country_id, brief_id)",
    "DROP INDEX country_briefs",
)


class Migration(migrations.Migration):
    dependencies = [("briefs", "0005_search")]

    operations = [
        migrations.AddIndex(
            model_name="brief",
            index=models.Index(fields=["publish_at", "id"], name="brief_newest_order"),
        ),
        migrations.AddIndex(
            model_name="briefauthor",
            index=models.Index(fields=["author", "brief"], name="author_briefs"),
        ),
        migrations.AddIndex(
            model_name="themedbrief",
            index=models.Index(fields=["tag", "content_object"], name="theme_briefs"),
        ),
        # The through table of Brief.countries is created by Django and has no Meta.
        migrations.RunSQL(*COUNTRY_BRIEFS),
    ]
