from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lidhja.accounts.domain import services as accounts
from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.models import Role, User
from lidhja.cases.domain import keys
from lidhja.cases.domain.crypto import ensure_keyring_file, keyring_file
from lidhja.coordination.domain.seed import ensure_bodies
from lidhja.coordination.domain.seed import seed_rows as body_rows
from lidhja.indicators.domain.seed import indicators_from_plan
from lidhja.justice.domain.offences import ensure_offences
from lidhja.organisations.domain.seed import ensure_organisations, seed_rows
from lidhja.organisations.models import Organisation
from lidhja.plans.interfaces.importing import import_plan_file
from lidhja.plans.interfaces.validation import PlanImportError
from lidhja.plans.models import Plan
from lidhja.publication.domain.services import seed_definitions


class Command(BaseCommand):
    help = (
        "First-run set-up (idempotent): seed organisations, load the seed Action Plan when the "
        "database has no plan, load the table of offences when there is none, create an "
        "administrator with a one-time password when it has no user."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin-username", default="admin")

    def handle(self, *args, admin_username, **options):
        self._refuse_new_keyring_over_sealed_data()
        created = ensure_organisations(seed_rows(), by=SYSTEM)
        if created:
            self.stdout.write(f"organisations: {created} created")
        bodies, seats = ensure_bodies(body_rows(), by=SYSTEM)
        if bodies or seats:
            self.stdout.write(f"coordination bodies: {bodies} created, {seats} seats filled")
        if not Plan.objects.exists():
            self._load_seed_plan()
        for plan in Plan.objects.all():
            indicators_from_plan(plan, by=SYSTEM)
        offences = ensure_offences(by=SYSTEM)
        if offences:
            self.stdout.write(f"table of offences loaded: {offences} offences")
        defined = seed_definitions(by=SYSTEM)
        if defined:
            self.stdout.write(f"statistical definitions: {defined} loaded")
        if not User.objects.exists():
            self._create_admin(admin_username)
        key_file = ensure_keyring_file()
        if key_file:
            self.stdout.write(f"case keyring created: {key_file} (keep a copy somewhere safe)")

    def _refuse_new_keyring_over_sealed_data(self) -> None:
        """A new keyring would not open what the lost one sealed: stop and say which keys the
        data need, rather than create one and leave the data unreadable beside it."""
        if settings.LIDHJA_CASE_KEYRING or keyring_file().exists():
            return
        needed = keys.stored_key_ids()
        if needed:
            raise CommandError(
                "sealed data exist but the case keyring is missing: no key file at "
                f"{keyring_file()} and LIDHJA_CASE_KEYRING is not set. The data were sealed "
                f"with key(s) {', '.join(sorted(needed))}. Put back the keyring kept outside "
                "this server (see README, 'Backup and restore'); no new keyring was created, "
                "because it could not open them."
            )

    def _load_seed_plan(self) -> None:
        try:
            plan = import_plan_file(settings.LIDHJA_SEED_PLAN_DIR, by=SYSTEM)
        except PlanImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError("the seed plan did not load") from None
        self.stdout.write(f"seed plan loaded: {plan.code}, {plan.nodes.count()} items")

    def _create_admin(self, username: str) -> None:
        password = accounts.generate_password(username=username)
        accounts.create_user(
            username,
            organisation=Organisation.objects.get(code="ONAC"),
            role=Role.SYSADMIN,
            password=password,
            by=SYSTEM,
            one_time=True,
            approved=True,  # the first administrator: no one else exists to approve it
        )
        self.stdout.write(
            self.style.WARNING(
                f"\nAdministrator created.\n  user name: {username}\n"
                f"  one-time password: {password}\n"
                "  (you will be asked to choose a new password at first sign-in)\n"
            )
        )
