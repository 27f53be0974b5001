"""What background work has already done, so that running it again does nothing twice."""

from django.db import models


class SentEmail(models.Model):
    """An e-mail a background task delivered; a repeat of the task finds it and sends nothing."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "sent e-mail"

    def __str__(self):
        return self.key
