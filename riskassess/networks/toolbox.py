"""The measures of the EU 5G Toolbox (29 January 2020, DOMAIN.md section 4). These lists are
complete: there is no SM09 and no TM12; there are 10 supporting actions."""

from django.utils.translation import gettext_lazy as _

STRATEGIC = {
    "SM01": _("Strengthening the role of national authorities"),
    "SM02": _("Performing audits on operators and requiring information"),
    "SM03": _(
        "Assessing the risk profile of suppliers and applying restrictions for high-risk suppliers for key assets"
    ),
    "SM04": _("Controlling the use of managed service providers and equipment suppliers' third line support"),
    "SM05": _("Ensuring the diversity of suppliers for individual operators through multi-vendor strategies"),
    "SM06": _("Strengthening the resilience at national level"),
    "SM07": _("Identifying key assets and fostering a diverse and sustainable 5G ecosystem in the EU"),
    "SM08": _("Maintaining and building diversity and EU capacities in future network technologies"),
}
TECHNICAL = {
    "TM01": _("Ensuring the application of baseline security requirements"),
    "TM02": _("Ensuring and evaluating the implementation of security measures in existing 5G standards"),
    "TM03": _("Ensuring strict access controls"),
    "TM04": _("Increasing the security of virtualised network functions"),
    "TM05": _("Ensuring secure 5G network management, operation and monitoring"),
    "TM06": _("Reinforcing physical security"),
    "TM07": _("Reinforcing software integrity, update and patch management"),
    "TM08": _("Raising the security standards in suppliers' processes through robust procurement conditions"),
    "TM09": _("Using EU certification for 5G network components, customer equipment or suppliers' processes"),
    "TM10": _("Using EU certification for other ICT products and services that are not specific to 5G"),
    "TM11": _("Reinforcing resilience and continuity plans"),
}
SUPPORTING = {
    "SA01": _("Reviewing or developing guidelines and best practices on network security"),
    "SA02": _("Reinforcing testing and auditing capabilities at national and EU level"),
    "SA03": _("Supporting and shaping 5G standardisation"),
    "SA04": _("Developing guidance on the implementation of security measures in existing 5G standards"),
    "SA05": _("Ensuring standard security measures through a specific EU-wide certification scheme"),
    "SA06": _("Exchanging best practices on the implementation of strategic measures"),
    "SA07": _("Improving coordination in incident response and crisis management"),
    "SA08": _("Conducting audits of interdependencies between 5G networks and other critical services"),
    "SA09": _("Enhancing cooperation, coordination and information sharing mechanisms"),
    "SA10": _("Ensuring 5G deployment projects supported with public funding take into account cybersecurity risks"),
}
GROUPS = [
    ("strategic", _("Strategic measures"), STRATEGIC),
    ("technical", _("Technical measures"), TECHNICAL),
    ("supporting", _("Supporting actions"), SUPPORTING),
]
MEASURES: dict[str, object] = {**STRATEGIC, **TECHNICAL, **SUPPORTING}
MEASURE_CODES: list[str] = list(MEASURES)
