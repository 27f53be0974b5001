"""The administrators' view of alerts: subscribers, their alerts, counts per topic, a CSV
export, and deletion on request.

Only users granted the alert models' permissions see them (administrators; editors are
not granted them by the editorial groups). Deleting a subscriber, one or many, goes through
``subscriptions.forget``: their alerts, the record of every brief sent to them and the
rate-limit counts kept under their address all go with them.
"""

import csv

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from briefs.alerts import subscriptions, topics
from briefs.models import Subscriber, Subscription

CSV_COLUMNS = ["email", "subscribed", "topic", "term", "frequency", "confirmed"]


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = ["topic", "term_id", "description", "frequency", "confirmed_at"]
    readonly_fields = ["topic", "term_id", "description", "frequency", "confirmed_at"]
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False  # a reader confirms their own alerts; nobody adds them for a reader

    @admin.display(description="follows")
    def description(self, subscription):
        return topics.names([subscription])[subscription.pk]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at", "alert_count", "digest_due_at"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = ["email", "created_at", "digest_due_at", "sent"]
    fields = ["email", "created_at", "digest_due_at", "sent"]
    inlines = [SubscriptionInline]
    actions = ["export_csv"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(alert_count=Count("subscriptions"))

    def has_add_permission(self, request):
        return False

    @admin.display(description="alerts", ordering="alert_count")
    def alert_count(self, subscriber):
        return subscriber.alert_count

    @admin.display(description="briefs sent")
    def sent(self, subscriber):
        return subscriber.deliveries.filter(state="sent").count()

    def delete_model(self, request, obj):
        subscriptions.forget(obj)

    def delete_queryset(self, request, queryset):
        for subscriber in queryset:
            subscriptions.forget(subscriber)

    @admin.action(description="Export the selected subscribers' alerts as CSV")
    def export_csv(self, request, queryset):
        return export(queryset)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "counts_url": reverse("admin:briefs_subscription_counts"),
        }
        return super().changelist_view(request, extra_context)


def export(subscribers):
    """A CSV file, one row per alert of ``subscribers`` (a subscriber without any: one row)."""
    stamp = timezone.now().strftime("%Y%m%dT%H%MZ")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="alert-subscribers-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    rows = Subscription.objects.filter(subscriber__in=subscribers).select_related("subscriber")
    rows = list(rows.order_by("subscriber__email", "topic", "term_id"))
    described = topics.names(rows)
    for row in rows:
        writer.writerow(
            [
                _safe(row.subscriber.email),
                row.subscriber.created_at.isoformat(),
                row.topic,
                _safe(described[row.pk]),
                row.frequency,
                row.confirmed_at.isoformat(),
            ]
        )
    for subscriber in subscribers.filter(subscriptions__isnull=True):
        joined = subscriber.created_at.isoformat()
        writer.writerow([_safe(subscriber.email), joined, "", "", "", ""])
    return response


def _safe(value):
    """A cell a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "topic", "follows", "frequency", "confirmed_at"]
    list_filter = ["topic", "frequency"]
    search_fields = ["subscriber__email"]
    list_select_related = ["subscriber"]
    readonly_fields = ["subscriber", "topic", "term_id", "confirmed_at"]
    fields = ["subscriber", "topic", "term_id", "frequency", "confirmed_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="follows")
    def follows(self, subscription):
        return topics.names([subscription])[subscription.pk]

    def get_urls(self):
        counts = self.admin_site.admin_view(self.counts_view)
        return [path("counts/", counts, name="briefs_subscription_counts"), *super().get_urls()]

    def counts_view(self, request):
        """Subscribers per topic and frequency, the busiest first."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        grouped = list(
            Subscription.objects.values("topic", "term_id")
            .annotate(
                immediate=Count("pk", filter=_frequency("immediate")),
                weekly=Count("pk", filter=_frequency("weekly")),
                total=Count("pk"),
            )
            .order_by("-total", "topic", "term_id")
        )
        described = _describe(grouped)
        rows = [
            {
                **row,
                "description": described[(row["topic"], row["term_id"])],
                "list_url": reverse("admin:briefs_subscription_changelist")
                + f"?topic__exact={row['topic']}&term_id={row['term_id']}",
            }
            for row in grouped
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Alert subscribers per topic",
            "opts": self.model._meta,
            "rows": rows,
            "subscribers": Subscriber.objects.count(),
        }
        return TemplateResponse(request, "admin/briefs/subscription/counts.html", context)

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "term_id" or super().lookup_allowed(lookup, value, request)


def _frequency(value):
    return Q(frequency=value)


def _describe(grouped):
    """``{(topic, term id): description}`` for the rows of the counts page."""
    stand_ins = [
        Subscription(pk=index, topic=row["topic"], term_id=row["term_id"])
        for index, row in enumerate(grouped, start=1)
    ]
    names = topics.names(stand_ins)
    return {(s.topic, s.term_id): names[s.pk] for s in stand_ins}
