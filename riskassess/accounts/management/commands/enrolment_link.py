"""Issue a single-use enrolment link for an account, from the command line (the operator acting for
the account's authority): e-mailed to the account's address and printed here.

    manage.py enrolment_link approver-fr            # a new link (the older ones stop working)
    manage.py enrolment_link approver-fr --reset    # also removes the authenticator and recovery codes
    manage.py enrolment_link approver-fr --manager  # and makes the user an account manager of their state
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from riskassess.accounts.models import NATIONAL_ROLES, User
from riskassess.accounts.services import account_reset_second_factor, enrolment_link_issue


class Command(BaseCommand):
    help = "Issue a single-use enrolment link (password and two-factor set-up) for an account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="Reset the second factor first.")
        parser.add_argument("--manager", action="store_true", help="Make a national user an account manager.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        if options["manager"]:
            if user.role not in NATIONAL_ROLES:
                raise CommandError("Only national users manage the accounts of their member state.")
            user.manages_accounts = True
            user.save(update_fields=["manages_accounts"])
        if options["reset"]:
            url = account_reset_second_factor(manager=None, user=user)
        else:
            url = enrolment_link_issue(user=user)
        self.stdout.write(f"Enrolment link for {user.username} (sent to {user.email}): {url}")
