"""The admin names the models and their fields in the editor's language: verbose names
marked for translation (docs/languages.md, "The admin follows the editor's choice").

State only: Django writes no SQL for verbose names (``sqlmigrate`` shows no-ops on SQLite
and PostgreSQL), so no table is rebuilt and no trigger is touched.
"""

import briefs.content.languages
import briefs.images.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('briefs', '0035_content_type_names'),
        ('countries', '0005_verbose_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='author',
            options={'ordering': ['name'], 'verbose_name': 'author', 'verbose_name_plural': 'authors'},
        ),
        migrations.AlterModelOptions(
            name='brief',
            options={'ordering': ['-publish_at', '-id'], 'permissions': [('publish_brief', 'Can publish, schedule and unpublish briefs')], 'verbose_name': 'brief', 'verbose_name_plural': 'briefs'},
        ),
        migrations.AlterModelOptions(
            name='briefkind',
            options={'ordering': ['order', 'name'], 'verbose_name': 'content type', 'verbose_name_plural': 'content types'},
        ),
        migrations.AlterModelOptions(
            name='importedpost',
            options={'ordering': ['source_key'], 'verbose_name': 'imported post', 'verbose_name_plural': 'imported posts'},
        ),
        migrations.AlterModelOptions(
            name='importrun',
            options={'ordering': ['-uploaded_at', '-id'], 'permissions': [('import_wxr', 'Can import WordPress exports')], 'verbose_name': 'WordPress import', 'verbose_name_plural': 'WordPress imports'},
        ),
        migrations.AlterModelOptions(
            name='libraryimage',
            options={'ordering': ['-uploaded_at', '-id'], 'verbose_name': 'library image', 'verbose_name_plural': 'library images'},
        ),
        migrations.AlterModelOptions(
            name='series',
            options={'ordering': ['title'], 'verbose_name': 'series', 'verbose_name_plural': 'series'},
        ),
        migrations.AlterModelOptions(
            name='subscriber',
            options={'ordering': ['email'], 'verbose_name': 'subscriber', 'verbose_name_plural': 'subscribers'},
        ),
        migrations.AlterModelOptions(
            name='subscription',
            options={'ordering': ['subscriber', 'topic', 'term_id'], 'verbose_name': 'subscription', 'verbose_name_plural': 'subscriptions'},
        ),
        migrations.AlterModelOptions(
            name='theme',
            options={'ordering': ['name'], 'verbose_name': 'theme', 'verbose_name_plural': 'themes'},
        ),
        migrations.AlterModelOptions(
            name='wxrexport',
            options={'ordering': ['-requested_at', '-id'], 'permissions': [('export_wxr', 'Can export all briefs, drafts too, to WordPress')], 'verbose_name': 'WordPress export', 'verbose_name_plural': 'WordPress exports'},
        ),
        migrations.AlterField(
            model_name='author',
            name='bio',
            field=models.TextField(blank=True, help_text="Two or three sentences for the author's page.", verbose_name='bio'),
        ),
        migrations.AlterField(
            model_name='author',
            name='name',
            field=models.CharField(max_length=150, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='author',
            name='photo',
            field=briefs.images.fields.UploadedImageField(blank=True, help_text='A square portrait works best. JPEG, PNG or WebP, up to 20 MB.', upload_to='authors/', verbose_name='photo'),
        ),
        migrations.AlterField(
            model_name='author',
            name='slug',
            field=models.SlugField(allow_unicode=True, help_text="Forms the author's page address: /authors/…/.", max_length=150, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='author',
            name='user',
            field=models.OneToOneField(blank=True, help_text='The login of this author, if they write in the admin: a contributor may edit the briefs that credit them.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='author_profile', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='body',
            field=models.TextField(verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='countries',
            field=models.ManyToManyField(help_text='Every country the brief analyses; readers browse briefs by country and region.', related_name='briefs', to='countries.country', verbose_name='countries'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created at'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='key_points',
            field=models.TextField(blank=True, help_text='Optional. One point per line, at most 8 points; shown in a box above the body under the label chosen above.', max_length=2000, verbose_name='key points'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='language',
            field=models.CharField(choices=briefs.content.languages.language_choices, default=briefs.content.languages.default_language, help_text="The language the brief is written in; its page is at that language's addresses (/ru/briefs/…/ for Russian).", max_length=15, verbose_name='language'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='reading_minutes',
            field=models.PositiveSmallIntegerField(default=1, editable=False, verbose_name='reading minutes'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='series',
            field=models.ForeignKey(blank=True, help_text='Optional. Readers walk a series in the order of its positions.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='briefs', to='briefs.series', verbose_name='series'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='series_position',
            field=models.PositiveSmallIntegerField(blank=True, help_text='1 for the first part of the series, 2 for the next...', null=True, verbose_name='series position'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='slug',
            field=models.SlugField(allow_unicode=True, help_text="Forms the brief's address: /briefs/…/. Keep it stable once published.", max_length=250, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published')], db_index=True, default='draft', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='title',
            field=models.CharField(max_length=250, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='updated at'),
        ),
        migrations.AlterField(
            model_name='brief',
            name='word_count',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='word count'),
        ),
        migrations.AlterField(
            model_name='briefauthor',
            name='author',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='credits', to='briefs.author', verbose_name='author'),
        ),
        migrations.AlterField(
            model_name='briefkind',
            name='name',
            field=models.CharField(help_text='Shown on cards and pages.', max_length=60, unique=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='briefkind',
            name='order',
            field=models.PositiveSmallIntegerField(default=0, help_text='Lower comes first in lists; the first type is the default.', verbose_name='order'),
        ),
        migrations.AlterField(
            model_name='briefkind',
            name='plural_name',
            field=models.CharField(help_text="Shown in the archive's and search's filters, e.g. “Reports”.", max_length=60, verbose_name='plural name'),
        ),
        migrations.AlterField(
            model_name='briefkind',
            name='slug',
            field=models.SlugField(help_text="The filter's value in addresses: /briefs/?type=…", max_length=60, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='correction',
            name='kind',
            field=models.CharField(choices=[('correction', 'Correction'), ('update', 'Update')], default='correction', help_text='A correction fixes an error; an update adds what happened since.', max_length=10, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='correction',
            name='text',
            field=models.TextField(help_text='What was wrong and what is right, e.g. “An earlier version gave the aid as 15 million dollars; it was 15 million euros.” Fixed once the brief is public.', max_length=2000, verbose_name='text'),
        ),
        migrations.AlterField(
            model_name='libraryimage',
            name='caption',
            field=models.CharField(blank=True, max_length=300, verbose_name='caption'),
        ),
        migrations.AlterField(
            model_name='libraryimage',
            name='image',
            field=briefs.images.fields.UploadedImageField(help_text='JPEG, PNG or WebP, up to 20 MB and 40 megapixels; at least 1600 pixels wide looks sharp on every screen.', upload_to='library/%Y/', verbose_name='image'),
        ),
        migrations.AlterField(
            model_name='libraryimage',
            name='title',
            field=models.CharField(help_text='For finding the image in the library; readers do not see it.', max_length=200, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='libraryimage',
            name='uploaded_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='uploaded at'),
        ),
        migrations.AlterField(
            model_name='oldaddress',
            name='brief',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='old_addresses', to='briefs.brief', verbose_name='brief'),
        ),
        migrations.AlterField(
            model_name='oldaddress',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created at'),
        ),
        migrations.AlterField(
            model_name='oldaddress',
            name='path',
            field=models.CharField(help_text="The old address without the site's name, e.g. “/2022/05/03/slug/” or “/?p=123”. Readers who follow it land on the brief.", max_length=500, unique=True, verbose_name='path'),
        ),
        migrations.AlterField(
            model_name='series',
            name='description',
            field=models.TextField(blank=True, help_text='Introduces the series on its page and in the series list.', verbose_name='description'),
        ),
        migrations.AlterField(
            model_name='series',
            name='slug',
            field=models.SlugField(allow_unicode=True, help_text="Forms the series' address: /series/…/.", max_length=200, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='series',
            name='title',
            field=models.CharField(max_length=200, verbose_name='title'),
        ),
    ]
