"""Reference data: the 27 EU member states in protocol order (Eurostat), with their ISO 3166-1
code (stored), their EU code (displayed; Greece is GR / EL) and the national authority responsible
for 5G security.

Authority names given generically ("National cybersecurity authority") are placeholders: each
member state confirms or corrects its own entry in the admin.
"""

GENERIC_AUTHORITY = "National cybersecurity authority"

# (ISO code, EU code, name, authority), in EU protocol order.
_MEMBER_STATES: tuple[tuple[str, str, str, str], ...] = (
    ("BE", "BE", "Belgium", "Belgian Institute for Postal Services and Telecommunications (BIPT)"),
    ("BG", "BG", "Bulgaria", GENERIC_AUTHORITY),
    ("CZ", "CZ", "Czechia", "National Cyber and Information Security Agency (NÚKIB)"),
    ("DK", "DK", "Denmark", "Danish Centre for Cyber Security (CFCS)"),
    ("DE", "DE", "Germany", "Federal Office for Information Security (BSI)"),
    ("EE", "EE", "Estonia", GENERIC_AUTHORITY),
    ("IE", "IE", "Ireland", "National Cyber Security Centre (NCSC)"),
    ("GR", "EL", "Greece", GENERIC_AUTHORITY),
    ("ES", "ES", "Spain", GENERIC_AUTHORITY),
    ("FR", "FR", "France", "National Cybersecurity Agency of France (ANSSI)"),
    ("HR", "HR", "Croatia", GENERIC_AUTHORITY),
    ("IT", "IT", "Italy", "National Cybersecurity Agency (ACN)"),
    ("CY", "CY", "Cyprus", "Digital Security Authority (DSA)"),
    ("LV", "LV", "Latvia", GENERIC_AUTHORITY),
    ("LT", "LT", "Lithuania", "National Cyber Security Centre (NKSC)"),
    ("LU", "LU", "Luxembourg", "Luxembourg Regulatory Institute (ILR)"),
    ("HU", "HU", "Hungary", GENERIC_AUTHORITY),
    ("MT", "MT", "Malta", "Malta Communications Authority (MCA)"),
    ("NL", "NL", "Netherlands", "Dutch Authority for Digital Infrastructure (RDI)"),
    ("AT", "AT", "Austria", GENERIC_AUTHORITY),
    ("PL", "PL", "Poland", GENERIC_AUTHORITY),
    ("PT", "PT", "Portugal", "National Cybersecurity Centre (CNCS)"),
    ("RO", "RO", "Romania", "National Cyber Security Directorate (DNSC)"),
    ("SI", "SI", "Slovenia", GENERIC_AUTHORITY),
    ("SK", "SK", "Slovakia", "National Security Authority (NBÚ)"),
    ("FI", "FI", "Finland", "Finnish Transport and Communications Agency (Traficom)"),
    ("SE", "SE", "Sweden", "Swedish Post and Telecom Authority (PTS)"),
)

MEMBER_STATES: list[dict[str, object]] = [
    {"iso_code": iso, "eu_code": eu, "name": name, "authority_name": authority, "protocol_order": order}
    for order, (iso, eu, name, authority) in enumerate(_MEMBER_STATES, 1)
]

# ISO code -> EU code, for the one place they differ and everything else.
EU_CODES: dict[str, str] = {iso: eu for iso, eu, _, _ in _MEMBER_STATES}
