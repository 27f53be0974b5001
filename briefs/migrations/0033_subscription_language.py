"""Each alert keeps the language of the page it was confirmed on; alerts confirmed before
this speak the default language, as their e-mails did."""

import briefs.content.languages
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0032_term_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="language",
            field=models.CharField(
                choices=briefs.content.languages.language_choices,
                default=briefs.content.languages.default_language,
                max_length=15,
            ),
        ),
    ]
