"""The Traffic Light Protocol markings (FIRST TLP 2.0) of assessments and reports: the one
definition, least restrictive first."""

TLP_VALUES = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
TLP_CHOICES = [(value, value) for value in TLP_VALUES]
TLP_DEFAULT = "TLP:AMBER"
