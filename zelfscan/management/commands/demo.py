from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zelfscan.demo import create_demo_data
from zelfscan.models import School


class Command(BaseCommand):
    help = (
        "Maakt de fictieve demogegevens aan (of werkt ze bij): twee SWV's, wijken, besturen, "
        "scholen en een account per rol."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ook-zonder-debug",
            action="store_true",
            help="ook uitvoeren zonder DEBUG (de demo-accounts hebben een bekend wachtwoord)",
        )

    def handle(self, *args, ook_zonder_debug, **options):
        if not settings.DEBUG and not ook_zonder_debug:
            raise CommandError(
                "De demo maakt accounts met een bekend wachtwoord; draai haar alleen met DEBUG=1 "
                "(of geef --ook-zonder-debug)."
            )
        accounts = create_demo_data()
        aantal = School.objects.filter(is_demo=True).count()
        self.stdout.write(self.style.SUCCESS(f"Demogegevens klaar: {aantal} scholen."))
        self.stdout.write("Demo-accounts (gebruikersnaam / wachtwoord / rol):")
        for username, password, rol in accounts:
            self.stdout.write(f"  {username:<18} {password:<20} {rol}")
        self.stdout.write(
            "De SWV-beheerders en de normbeheerder stellen bij de eerste keer inloggen "
            "tweestapsverificatie in."
        )
