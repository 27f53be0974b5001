"""Regions' and countries' model and field names are marked for translation, as the
briefs' are (briefs 0036). State only: no SQL on any database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('countries', '0004_names_in_languages'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='country',
            options={'ordering': ['name'], 'verbose_name': 'country', 'verbose_name_plural': 'countries'},
        ),
        migrations.AlterModelOptions(
            name='region',
            options={'ordering': ['name'], 'verbose_name': 'region', 'verbose_name_plural': 'regions'},
        ),
        migrations.AlterField(
            model_name='country',
            name='name',
            field=models.CharField(max_length=100, unique=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='country',
            name='profile',
            field=models.TextField(blank=True, help_text="A short profile shown at the top of the country's page.", verbose_name='profile'),
        ),
        migrations.AlterField(
            model_name='country',
            name='region',
            field=models.ForeignKey(blank=True, help_text='Readers browse countries grouped by region.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='countries', to='countries.region', verbose_name='region'),
        ),
        migrations.AlterField(
            model_name='country',
            name='slug',
            field=models.SlugField(allow_unicode=True, help_text="Forms the country's web address: /countries/…/.", max_length=100, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='region',
            name='description',
            field=models.TextField(blank=True, help_text="Optional introduction shown at the top of the region's page.", verbose_name='description'),
        ),
        migrations.AlterField(
            model_name='region',
            name='name',
            field=models.CharField(max_length=100, unique=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='region',
            name='slug',
            field=models.SlugField(allow_unicode=True, help_text="Forms the region's web address: /regions/…/.", max_length=100, unique=True, verbose_name='slug'),
        ),
    ]
