"""Scoring runs (the unit of work a worker claims) and scores (the explained result).

A Score is unique on (assessment, revision, rules_hash): scoring the same revision with the same
rule set twice changes nothing.
"""

from django.db import models
from django.utils.translation import gettext_lazy

from riskassess.questionnaires.models import Assessment, Revision


class ScoringRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Queued")
        RUNNING = "running", gettext_lazy("Running")
        DONE = "done", gettext_lazy("Done")
        FAILED = "failed", gettext_lazy("Failed")

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="scoring_runs")
    rules_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision", "rules_hash"], name="one_run_per_revision_and_rules")
        ]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="scores")
    rules_hash = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=20)
    overall = models.FloatField()
    band = models.CharField(max_length=20, db_index=True)
    confidence = models.FloatField()
    # [{"id": "T1", "label": ..., "min_band": ..., "band": <same as min_band>}], in rule order
    triggers = models.JSONField(default=list)
    # {"A": {"title": ..., "score": 42.0 or None, "weight": 30, "confidence": 0.8 or None}, ...}
    sections = models.JSONField(default=dict)
    # [{"question": "A4", "section": "A", "answer": ..., "points": 100, "weight": 5, "contribution": 12.5,
    #   "rules": [...]}], largest contribution first; they add up to `overall`.
    contributions = models.JSONField(default=list)
    # Flags that do not override the band ({"kind": "flag", "id", "label"}) and evidence warnings
    # ({"kind": "warning", "question", "item_id", "message"}: missing, expired or expiring evidence).
    flags = models.JSONField(default=list)
    # The dimensions model (docs/scoring.md); "legacy" scores keep their single overall score.
    model = models.CharField(max_length=20, default="legacy")
    # {"risk_profile": {"label", "role", "score", "score_level", "level", "level_label", "confidence"}, ...}
    dimensions = models.JSONField(default=dict, blank=True)
    # The overall level from the evidence alone (no legal status enters it); for legacy scores the
    # band of the overall score before the triggers, so a designation never hides it.
    evidence_level = models.CharField(max_length=20, blank=True)
    # {"key": "designated" | "restricted" | "under_assessment" | "none", "label", "answer", "generations"}
    legal_status = models.JSONField(default=dict, blank=True)
    # [{"kind": "answer" | "trigger", "question" | "trigger", "text", "dimension", "reason"}]
    to_clarify = models.JSONField(default=list, blank=True)
    # Every fact the rules read, as frozen with the revision (e.g. named in the 2023 Communication).
    facts = models.JSONField(default=dict, blank=True)
    # The published overall rule ({id, version, text, rationale, source}) and the supplied asset classes.
    overall_rule = models.JSONField(default=dict, blank=True)
    supplied_asset_classes = models.JSONField(null=True, blank=True)
    # The latest score of the assessment (for dashboards): exactly one per assessment.
    is_current = models.BooleanField(default=False, db_index=True)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "revision", "rules_hash"], name="one_score_per_revision_and_rules"
            ),
        ]
        indexes = [
            models.Index(fields=["is_current", "band"]),
            # The dashboards' access path: the current score of each assessment of a campaign, with the
            # columns the aggregates read (on PostgreSQL an index-only scan, not a read of the wide rows).
            models.Index(
                fields=["assessment"],
                include=["id", "overall", "band", "rules_hash"],
                condition=models.Q(is_current=True),
                name="score_current_covering",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} r{self.revision_id}: {self.overall:.0f} {self.band}"

    @property
    def rules_version(self) -> str:
        return self.rules_hash[:12]

    @property
    def warnings(self) -> list[dict]:
        """Evidence warnings: [{"kind": "warning", "question", "item_id", "message"}]."""
        return [f for f in self.flags or [] if f.get("kind") == "warning"]


class SectionScore(models.Model):
    """One row per (score, section), so section medians are computed in SQL."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="section_rows")
    section = models.CharField(max_length=4)
    value = models.FloatField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["score", "section"], name="one_row_per_score_section")]

    def __str__(self) -> str:
        return f"{self.score_id} {self.section}: {self.value}"
