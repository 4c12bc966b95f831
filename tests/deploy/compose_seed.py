"""Run by `manage.py shell` inside the compose check (the stack's own environment): a French
regulator with an API token and an open assessment; prints them as one JSON line."""

import json

from riskassess.accounts.models import Role
from riskassess.api.services import api_token_create
from tests.factories import AssessmentFactory, CampaignFactory, MemberStateFactory, SupplierFactory, UserFactory

france = MemberStateFactory(iso_code="FR", eu_code="FR", name="France", authority_name="ANSSI")
regulator = UserFactory(username="compose-regulator", role=Role.REGULATOR, member_state=france)
assessment = AssessmentFactory(
    campaign=CampaignFactory(name="Compose check"), member_state=france, supplier=SupplierFactory(name="Nordic Radio")
)
_token, key = api_token_create(user=regulator, name="compose check", verified=True)  # as from a 2FA session
print(json.dumps({"token": key, "assessment": assessment.pk, "version": assessment.version}))
