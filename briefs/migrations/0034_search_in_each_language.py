"""Each brief's search vector made with its language's text-search configuration
(``settings.SEARCH_CONFIGS``; briefs/search/index.py): those of briefs in a language other
than the default are made again (the default's configuration, "english", is the one every
vector was made with until now). PostgreSQL only: SQLite keeps no vectors.
"""

from django.conf import settings
from django.db import migrations


def remake_vectors(apps, schema_editor):
    from briefs.search import index as search_index

    briefs = apps.get_model("briefs", "Brief").objects.using(schema_editor.connection.alias)
    search_index.update_vectors(briefs.exclude(language=settings.LANGUAGE_CODE), apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0033_subscription_language"),
    ]

    operations = [migrations.RunPython(remake_vectors, migrations.RunPython.noop)]
