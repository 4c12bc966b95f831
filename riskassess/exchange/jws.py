"""JWS (RFC 7515, flattened JSON serialization), ES256 or RS256, signed with the organisation's seal
key; the signer's certificate chain travels in the `x5c` header and must lead to a trusted root.

Refusals raise BundleRefused with the reason in plain words.
"""

import base64
import hashlib
import json
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from django.utils.translation import gettext as _

TYP = "riskassess-exchange-bundle+jws"


class BundleRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(payload: bytes, *, key_pem: bytes, passphrase: bytes | None, chain: list[x509.Certificate]) -> dict[str, str]:
    key = serialization.load_pem_private_key(key_pem, password=passphrase)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise ValueError("The organisation key must be an EC (P-256) or RSA key.")
    alg = "ES256" if isinstance(key, ec.EllipticCurvePrivateKey) else "RS256"
    header = {
        "alg": alg,
        "typ": TYP,
        "x5c": [base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode() for c in chain],
    }
    protected = b64(json.dumps(header, separators=(",", ":")).encode())
    body = b64(payload)
    signing_input = f"{protected}.{body}".encode()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return {"protected": protected, "payload": body, "signature": b64(signature)}


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def verify(envelope: Any, *, trust_roots: list[x509.Certificate]) -> tuple[bytes, x509.Certificate]:
    """The payload and the signer's certificate of a valid envelope; BundleRefused otherwise."""
    if not isinstance(envelope, dict) or not {"protected", "payload", "signature"} <= set(envelope):
        raise BundleRefused(_("This is not a signed bundle (protected, payload and signature are expected)."))
    try:
        header = json.loads(unb64(envelope["protected"]))
        payload = unb64(envelope["payload"])
        signature = unb64(envelope["signature"])
        chain = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in header.get("x5c", [])]
    except (ValueError, TypeError, AttributeError):
        raise BundleRefused(_("The bundle's signature block cannot be read.")) from None
    if header.get("typ") != TYP or header.get("alg") not in ("ES256", "RS256"):
        raise BundleRefused(_("The bundle is not signed the way riskassess signs bundles."))
    if not chain:
        raise BundleRefused(_("The bundle does not say who signed it (no certificate)."))
    signer = chain[0]
    public = signer.public_key()
    signing_input = f"{envelope['protected']}.{envelope['payload']}".encode()
    try:
        if header["alg"] == "ES256" and isinstance(public, ec.EllipticCurvePublicKey):
            if len(signature) != 64:
                raise InvalidSignature
            der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
            public.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
        elif header["alg"] == "RS256" and isinstance(public, rsa.RSAPublicKey):
            public.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
        else:
            raise InvalidSignature
    except InvalidSignature:
        raise BundleRefused(_("The bundle was changed after it was signed: its signature does not match.")) from None
    fingerprints = {hashlib.sha256(r.public_bytes(serialization.Encoding.DER)).digest() for r in trust_roots}
    path = chain
    trusted = False
    for i, cert in enumerate(path):
        if hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).digest() in fingerprints:
            trusted = all(_issued_by(path[j], path[j + 1]) for j in range(i))
            break
        if any(_issued_by(cert, root) for root in trust_roots):
            trusted = all(_issued_by(path[j], path[j + 1]) for j in range(i))
            break
    if not trusted:
        raise BundleRefused(
            _("The bundle was signed by %(name)s, whom this instance does not trust.")
            % {"name": signer.subject.rfc4514_string()}
        )
    return payload, signer
