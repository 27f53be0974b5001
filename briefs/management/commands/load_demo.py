from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from briefs.demo.loader import load_demo_content
from briefs.models import Author

DEMO_ACCOUNTS = [
    # username, password, group, superuser
    ("editor", "editor-demo-password", "Editors", False),
    ("contributor", "contributor-demo-password", "Contributors", False),
    ("admin", "admin-demo-password", None, True),
]
# The demo contributor writes as this demo author, so the draft crediting them is theirs.
CONTRIBUTOR_AUTHOR = "timur-abenov"


class Command(BaseCommand):
    help = "Load the demo briefs, authors and series; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-accounts",
            action="store_true",
            help="Also create demo editor, contributor and admin logins with known "
            "passwords. For a local machine only: refused unless DEBUG is on.",
        )

    def handle(self, *args, with_accounts=False, **options):
        if with_accounts and not settings.DEBUG:
            raise CommandError(
                "Refusing to create the demo accounts with DEBUG off: their passwords are "
                "published in this project's source, so anyone could log in with them. They "
                "are for a development machine (DEBUG=1, as `make run` sets). On a real site, "
                "leave out --with-accounts and create accounts with "
                "`python manage.py createsuperuser`, then add staff in the admin."
            )
        report = load_demo_content()
        for kind in ("authors", "series", "briefs"):
            self.stdout.write(
                f"{kind}: {report.created.get(kind, 0)} created, "
                f"{report.existing.get(kind, 0)} already there"
            )
        if with_accounts:
            self._create_accounts()

    def _create_accounts(self):
        User = get_user_model()
        self.stdout.write(self.style.SUCCESS("\nDemo logins for http://127.0.0.1:8000/admin/"))
        for username, password, group_name, superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "is_superuser": superuser,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                user.set_password(password)
                user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            if group_name == "Contributors":
                Author.objects.filter(slug=CONTRIBUTOR_AUTHOR, user__isnull=True).update(user=user)
            role = "superuser" if superuser else group_name
            self.stdout.write(f"  {role:<13} user: {username:<12} password: {password}")
