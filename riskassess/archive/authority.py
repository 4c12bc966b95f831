"""The organisation's seal: its private key, its certificate and the chain up to a trusted root.

Configured by REPORT_SEAL_KEY_FILE, REPORT_SEAL_CERT_FILE, REPORT_SEAL_CHAIN_FILE (PEM, the
intermediate and root certificates), REPORT_SEAL_KEY_PASSPHRASE and REPORT_SEAL_TRUST_FILE (PEM, every
root a seal is checked against: keep the old roots there after a key rotation). Unconfigured, with
REPORT_SEAL_TEST_AUTHORITY (default: DJANGO_DEBUG; `make run`, the tests), a self-signed test
authority is generated at first use under REPORT_SEAL_DIR (var/seal/) and used: never in production.
"""

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TEST_KEY = "seal-key.pem"
TEST_CERT = "seal-cert.pem"
TEST_ROOT = "root-cert.pem"


@dataclass(frozen=True)
class SealFiles:
    key: Path
    cert: Path
    chain: Path | None
    trust: Path
    passphrase: bytes | None


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "EU"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "riskassess test authority"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def generate_test_authority(directory: Path, *, common_name: str = "riskassess test seal") -> None:
    """A root (10 years) and a seal certificate signed by it (5 years), as PEM files in `directory`.
    Written into a temporary folder and moved into place, so two processes never see half of it."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"{common_name} root")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(root_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".seal-"))
    try:
        key_pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        (tmp / TEST_KEY).write_bytes(key_pem)
        os.chmod(tmp / TEST_KEY, 0o600)
        (tmp / TEST_CERT).write_bytes(_pem(cert))
        (tmp / TEST_ROOT).write_bytes(_pem(root))
        try:
            os.rename(tmp, directory)
        except OSError:  # another process made it first: use theirs
            pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def seal_files() -> SealFiles:
    key, cert = settings.REPORT_SEAL_KEY_FILE, settings.REPORT_SEAL_CERT_FILE
    passphrase = settings.REPORT_SEAL_KEY_PASSPHRASE
    if key and cert:
        chain = Path(settings.REPORT_SEAL_CHAIN_FILE) if settings.REPORT_SEAL_CHAIN_FILE else None
        trust = settings.REPORT_SEAL_TRUST_FILE or settings.REPORT_SEAL_CHAIN_FILE or cert
        return SealFiles(Path(key), Path(cert), chain, Path(trust), passphrase.encode() if passphrase else None)
    if not settings.REPORT_SEAL_TEST_AUTHORITY:
        raise ImproperlyConfigured(
            "REPORT_SEAL_KEY_FILE and REPORT_SEAL_CERT_FILE must be set in production (see docs/deployment.md)"
        )
    directory = Path(settings.REPORT_SEAL_DIR)
    if not (directory / TEST_CERT).exists():
        generate_test_authority(directory)
    trust = Path(settings.REPORT_SEAL_TRUST_FILE) if settings.REPORT_SEAL_TRUST_FILE else directory / TEST_ROOT
    return SealFiles(directory / TEST_KEY, directory / TEST_CERT, directory / TEST_ROOT, trust, None)


def certificates(path: Path | None) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(path.read_bytes()) if path else []


def trust_roots() -> list[x509.Certificate]:
    """Every certificate a seal may chain up to (the trust file, plus the current chain)."""
    files = seal_files()
    return certificates(files.trust) + certificates(files.chain)


def chain_certificates() -> list[x509.Certificate]:
    return certificates(seal_files().chain)


def certificate_sha256(cert_der: bytes) -> str:
    return hashlib.sha256(cert_der).hexdigest()


@cache
def _read(path: str, mtime: float) -> bytes:
    return Path(path).read_bytes()


def read_file(path: Path) -> bytes:
    """A key or certificate file, read once per version (a rotated file is read again)."""
    return _read(str(path), path.stat().st_mtime)
