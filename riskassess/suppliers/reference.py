"""Reference data: the main 5G equipment suppliers (one identity across the 27 member states, HQ
as an ISO code) and the network asset classes of the EU coordinated risk assessment.

Ownership of several suppliers changes over time; `parent_group` is left empty where it was not
confirmed, and coordinators complete it in the admin.
"""

# The suppliers named in the Commission's Communication of 15 June 2023.
NAMED_IN_2023_COMMUNICATION = ("Huawei", "ZTE")

SUPPLIERS: list[dict[str, object]] = [
    {
        "name": "Huawei",
        "slug": "huawei",
        "hq_country": "CN",
        "legal_entity": "Huawei Technologies Co., Ltd.",
        "aliases": ["Huawei Technologies"],
    },
    {
        "name": "ZTE",
        "slug": "zte",
        "hq_country": "CN",
        "legal_entity": "ZTE Corporation",
        "aliases": ["ZTE Corporation"],
    },
    {
        "name": "Ericsson",
        "slug": "ericsson",
        "hq_country": "SE",
        "legal_entity": "Telefonaktiebolaget LM Ericsson",
        "aliases": ["LM Ericsson"],
    },
    {"name": "Nokia", "slug": "nokia", "hq_country": "FI", "legal_entity": "Nokia Oyj", "aliases": ["Nokia Networks"]},
    {
        "name": "Samsung",
        "slug": "samsung",
        "hq_country": "KR",
        "legal_entity": "Samsung Electronics Co., Ltd.",
        "aliases": ["Samsung Networks"],
    },
    {"name": "NEC", "slug": "nec", "hq_country": "JP", "legal_entity": "NEC Corporation", "aliases": []},
    {"name": "Fujitsu", "slug": "fujitsu", "hq_country": "JP", "legal_entity": "Fujitsu Limited", "aliases": []},
    {"name": "Mavenir", "slug": "mavenir", "hq_country": "US", "legal_entity": "", "aliases": []},
    {
        "name": "Cisco",
        "slug": "cisco",
        "hq_country": "US",
        "legal_entity": "Cisco Systems, Inc.",
        "aliases": ["Cisco Systems"],
    },
    {"name": "Oracle", "slug": "oracle", "hq_country": "US", "legal_entity": "Oracle Corporation", "aliases": []},
    {
        "name": "HPE",
        "slug": "hpe",
        "hq_country": "US",
        "legal_entity": "Hewlett Packard Enterprise Company",
        "aliases": ["Hewlett Packard Enterprise"],
    },
    {
        "name": "Microsoft (Affirmed Networks)",
        "slug": "microsoft-affirmed",
        "hq_country": "US",
        "legal_entity": "",
        "aliases": ["Affirmed Networks", "Microsoft"],
    },
    {"name": "Parallel Wireless", "slug": "parallel-wireless", "hq_country": "US", "legal_entity": "", "aliases": []},
    {"name": "Casa Systems", "slug": "casa-systems", "hq_country": "US", "legal_entity": "", "aliases": []},
    {"name": "Ciena", "slug": "ciena", "hq_country": "US", "legal_entity": "Ciena Corporation", "aliases": []},
    {
        "name": "Juniper Networks",
        "slug": "juniper-networks",
        "hq_country": "US",
        "legal_entity": "",
        "aliases": ["Juniper"],
    },
    {"name": "Red Hat", "slug": "red-hat", "hq_country": "US", "legal_entity": "", "aliases": []},
    {"name": "VMware", "slug": "vmware", "hq_country": "US", "legal_entity": "", "aliases": []},
    {"name": "Rakuten Symphony", "slug": "rakuten-symphony", "hq_country": "JP", "legal_entity": "", "aliases": []},
]
for _s in SUPPLIERS:
    _s["named_in_2023_communication"] = _s["name"] in NAMED_IN_2023_COMMUNICATION

# The main suppliers of the demo data (RAN big five first).
MAIN_SUPPLIERS = ("Huawei", "ZTE", "Ericsson", "Nokia", "Samsung", "NEC", "Mavenir", "Cisco")

# Network asset classes (ranked by sensitivity). `is_key_asset`: restrictions of high-risk
# suppliers apply; general RAN is subject to caps and diversity rules rather than exclusion.
ASSET_CLASSES: list[dict[str, object]] = [
    {
        "code": "core_nf",
        "name": "Core network functions",
        "is_key_asset": True,
        "description": "5G core (AMF, SMF, UPF, UDM, AUSF, NRF, SEPP, ...) and 4G EPC (HSS, PGW, PCRF, MME, SGW).",
    },
    {
        "code": "nfv_mano_sdn",
        "name": "NFV management and orchestration, SDN controllers",
        "is_key_asset": True,
        "description": "Orchestrator and controller functions (MANO, SDN).",
    },
    {
        "code": "nfvi_cloud",
        "name": "Virtualisation infrastructure (NFVI)",
        "is_key_asset": True,
        "description": "The shared infrastructure the virtualised network functions run on.",
    },
    {
        "code": "oss_nms_aaa",
        "name": "OSS, network management and AAA",
        "is_key_asset": True,
        "description": "Operations support, management and AAA; network monitoring and optimisation.",
    },
    {"code": "security_functions", "name": "Security functions", "is_key_asset": True, "description": ""},
    {"code": "lawful_intercept", "name": "Lawful-intercept functions", "is_key_asset": True, "description": ""},
    {
        "code": "interconnect_gateway",
        "name": "Interconnection and internet gateways",
        "is_key_asset": True,
        "description": "",
    },
    {
        "code": "transport",
        "name": "Transport and IP core",
        "is_key_asset": True,
        "description": "The IP core is a key asset; other transport and transmission equipment less so.",
    },
    {
        "code": "ran_sensitive_area",
        "name": "RAN at sensitive sites",
        "is_key_asset": True,
        "description": "Radio access at sensitive sites or serving government or critical sectors.",
    },
    {
        "code": "ran_general",
        "name": "RAN, general",
        "is_key_asset": False,
        "description": "gNB, gNB-CU, gNB-DU, eNB: subject to caps and diversity rules rather than exclusion.",
    },
]
for _order, _a in enumerate(ASSET_CLASSES, 1):
    _a["order"] = _order
