"""What the coordinator console remembers: the deadline reminders sent, so that each is sent once."""

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    """Reminders sent for one campaign to one member state: by the schedule (14, 7 and 1 days
    before the deadline, `days_before`) or by a coordinator ("remind now", `days_before` None)."""

    campaign = models.ForeignKey("questionnaires.Campaign", on_delete=models.CASCADE, related_name="+")
    member_state = models.ForeignKey("accounts.MemberState", on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField(null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member_state", "days_before"],
                condition=models.Q(days_before__isnull=False),
                name="one_scheduled_reminder_per_campaign_state_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.member_state_id}:{self.days_before}"
