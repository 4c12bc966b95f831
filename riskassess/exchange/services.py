"""Writes for exchange bundles: a state's opt-in, export (sign) and import (verify, then store
whole in one transaction, or refuse with the reason and store nothing)."""

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from riskassess.archive import authority
from riskassess.core.exceptions import ApplicationError
from riskassess.exchange import jws
from riskassess.exchange.jws import BundleRefused
from riskassess.exchange.models import ExchangeOptIn, ImportedBundle, ImportedRecord
from riskassess.exchange.selectors import VERSION, bundle_payload
from riskassess.questionnaires.models import Campaign

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "exchange" / "bundle-1.schema.json"


def exchange_opt_in_set(*, user, campaign: Campaign, opted_in: bool) -> ExchangeOptIn:
    """A member state's choice for a campaign; made by one of its approvers."""
    if not (getattr(user, "is_national", False) and user.member_state_id and user.role == "approver"):
        raise ApplicationError(_("Only an approver of the member state can choose to share its records."))
    opt_in, _created = ExchangeOptIn.objects.update_or_create(
        member_state_id=user.member_state_id, campaign=campaign, defaults={"opted_in": opted_in, "set_by": user}
    )
    return opt_in


def bundle_export(*, campaign: Campaign) -> dict[str, str]:
    """The signed bundle (JWS flattened JSON) of `campaign`."""
    files = authority.seal_files()
    chain = authority.certificates(files.cert) + authority.chain_certificates()
    payload = json.dumps(bundle_payload(campaign=campaign), sort_keys=True, separators=(",", ":")).encode()
    return jws.sign(payload, key_pem=files.key.read_bytes(), passphrase=files.passphrase, chain=chain)


def trusted_signers() -> list:
    from cryptography import x509

    roots = authority.trust_roots()
    if settings.EXCHANGE_TRUST_FILE:
        roots += x509.load_pem_x509_certificates(Path(settings.EXCHANGE_TRUST_FILE).read_bytes())
    return roots


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text())


def bundle_import(*, envelope: Any, user=None) -> ImportedBundle:
    """Verify and store a bundle, whole; BundleRefused (with the reason) stores nothing."""
    payload_bytes, signer = jws.verify(envelope, trust_roots=trusted_signers())
    try:
        payload = json.loads(payload_bytes)
    except ValueError:
        raise BundleRefused(_("The bundle's content is not JSON.")) from None
    if isinstance(payload, dict) and payload.get("version") not in (None, VERSION):
        raise BundleRefused(
            _("This bundle is of format version %(version)s; this instance reads version %(ours)s.")
            % {"version": payload.get("version"), "ours": VERSION}
        )
    try:
        jsonschema.validate(payload, _schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "the bundle"
        raise BundleRefused(
            _("The bundle does not follow its format at %(where)s: %(error)s") % {"where": where, "error": exc.message}
        ) from None
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        with transaction.atomic():
            bundle = ImportedBundle.objects.create(
                bundle_id=payload["bundle_id"],
                format_version=payload["version"],
                issuer=payload["issuer"],
                campaign_slug=payload["campaign"]["slug"],
                campaign_name=payload["campaign"]["name"],
                exported_at=parse_datetime(payload["exported_at"]) or timezone.now(),
                signer_certificate_sha256=hashlib.sha256(signer.public_bytes(Encoding.DER)).hexdigest(),
                aggregates=payload["aggregates"],
                sha256=hashlib.sha256(payload_bytes).hexdigest(),
                imported_by=user if getattr(user, "is_authenticated", False) else None,
            )
            ImportedRecord.objects.bulk_create(
                ImportedRecord(bundle=bundle, member_state=r["member_state"], supplier=r["supplier"], data=r)
                for r in payload["records"]
            )
    except IntegrityError:
        raise BundleRefused(_("This bundle was imported already.")) from None
    return bundle
