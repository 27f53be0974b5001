from django.core.management.base import BaseCommand

from countries.models import Country
from countries.names import fill_names
from ops.term_names import other_languages


class Command(BaseCommand):
    help = (
        "Give every country its ISO 3166 name in each site language it has none in (after "
        "adding a language, say). Names already there, editors' included, stay."
    )

    def handle(self, *args, **options):
        languages = [code for code, _name in other_languages()]
        changed = fill_names(Country.objects.all(), languages)
        Country.objects.bulk_update(changed, ["names"])
        self.stdout.write(
            f"Named {len(changed)} countries in {', '.join(languages) or 'no other language'}; "
            f"{Country.objects.count() - len(changed)} had their names already."
        )
