"""Reads of feedback: the authors' groups ranked by weight, a group's content, the public page of a procedure,
the national table, the moderation queue.

Weight of a group = people affected: one per verbatim, each helper report for the people it stands for
(`people_count`), plus, for every group of the procedure, the escalations (saisines) naming the procedure
(`relais.escalations.stats.counts_by_procedure`, the escalations' own statistics)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from relais.escalations.stats import counts_by_procedure
from relais.feedback import indicators
from relais.feedback.models import Group, Kind, Report, Review, StoryState, Ticket, TicketState, target_key
from relais.procedures.models import Procedure, ProcedureVersion

SORTS = ("title", "reviews", "satisfaction", "clarity", "help_reachable", "help_quality", "autonomy")


def escalations_for(procedure: Procedure) -> int:
    return dict(counts_by_procedure(limit=100000)).get(procedure.title, 0)


@dataclass
class RankedGroup:
    group: Group
    people: int
    reports: int
    verbatims: int
    escalations: int
    ticket: Ticket | None

    @property
    def weight(self) -> int:
        return self.people + self.escalations


def ranked_groups(*, procedure: Procedure) -> list[RankedGroup]:
    escalations = escalations_for(procedure)
    groups = (
        Group.objects.filter(procedure=procedure)
        .annotate(
            report_people=Sum("reports__people_count"),
            report_count=Count("reports", distinct=True),
        )
        .select_related("ticket")
    )
    verbatims = dict(
        Review.objects.filter(group__procedure=procedure)
        .exclude(verbatim="")
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ranked = [
        RankedGroup(
            group=g,
            people=(g.report_people or 0) + verbatims.get(g.pk, 0),
            reports=g.report_count,
            verbatims=verbatims.get(g.pk, 0),
            escalations=escalations,
            ticket=getattr(g, "ticket", None),
        )
        for g in groups
    ]
    ranked.sort(key=lambda r: (-r.weight, r.group.label))
    return ranked


def group_content(group: Group) -> dict:
    return {
        "reports": list(group.reports.select_related("organisation").order_by("-created_at")[:200]),
        "verbatims": list(group.reviews.exclude(verbatim="").order_by("-created_at")[:200]),
        "ticket": Ticket.objects.filter(group=group).prefetch_related("changes").first(),
    }


def published_versions(procedure: Procedure):
    return ProcedureVersion.objects.filter(procedure=procedure, published_at__isnull=False).order_by("-number")


def managed_procedures(user):
    """The procedures whose authors the user is one of (agents and managers of the active organisation)."""
    membership = getattr(user, "active_membership", None)
    if membership is None:
        return Procedure.objects.none()
    return Procedure.objects.filter(organisation_id=membership.organisation_id).order_by("title")


def moderation_queue(limit: int = 100):
    return (
        Review.objects.filter(story_state=StoryState.PENDING).select_related("procedure").order_by("created_at")[:limit]
    )


@dataclass
class Fix:
    ticket: Ticket
    before: indicators.Indicators
    after: indicators.Indicators
    days_to_fix: int | None


def public_page(*, procedure: Procedure) -> dict:
    """Everything the public page shows: no personal data (published stories only, without any name)."""
    target = target_key(Kind.PROCEDURE, procedure.pk)
    fixes = []
    tickets = (
        Ticket.objects.filter(group__procedure=procedure, state__in=[TicketState.SHIPPED, TicketState.VERIFIED])
        .select_related("group", "shipped_version")
        .order_by("-shipped_at")
    )
    tickets = list(tickets)
    window_start = timezone.localdate() - dt.timedelta(days=indicators.window_days())
    ship_days = [timezone.localtime(ticket.shipped_at).date() for ticket in tickets]
    daily = indicators.DailyRows(target, since=min([window_start, *(d - dt.timedelta(days=90) for d in ship_days)]))
    for ticket, shipped_on in zip(tickets, ship_days, strict=True):
        before, after = daily.before_after(shipped_on)
        days = (ticket.shipped_at - ticket.first_report_at).days if ticket.first_report_at else None
        fixes.append(Fix(ticket=ticket, before=before, after=after, days_to_fix=days))
    return {
        "indicators": daily.between(window_start),
        "fixes": fixes,
        "open_tickets": list(
            Ticket.objects.filter(group__procedure=procedure)
            .exclude(state__in=[TicketState.SHIPPED, TicketState.VERIFIED])
            .select_related("group")
            .order_by("-opened_at")[:20]
        ),
        "stories": list(
            Review.objects.filter(procedure=procedure, story_state=StoryState.PUBLISHED)
            .only("verbatim", "answer", "answered_at", "created_at", "satisfaction")
            .order_by("-created_at")[:20]
        ),
        "minimum": indicators.min_reviews(),
        "window_days": indicators.window_days(),
    }


@dataclass
class Row:
    title: str
    slug: str
    kind: str
    values: indicators.Indicators


def national_table(*, sort: str = "title", descending: bool = False) -> list[Row]:
    """One row per published procedure, plus the simulator and the directory; sortable by any column."""
    values = indicators.all_targets()
    empty = indicators.from_counts({})
    rows = [
        Row(title=p.title, slug=p.slug, kind=Kind.PROCEDURE, values=values.get(target_key(Kind.PROCEDURE, p.pk), empty))
        for p in Procedure.objects.published().only("title", "slug")
    ]
    rows += [
        Row(
            title=str(Kind.SIMULATOR.label).capitalize(),
            slug="",
            kind=Kind.SIMULATOR,
            values=values.get("simulator", empty),
        ),
        Row(
            title=str(Kind.DIRECTORY.label).capitalize(),
            slug="",
            kind=Kind.DIRECTORY,
            values=values.get("directory", empty),
        ),
    ]
    sort = sort if sort in SORTS else "title"
    if sort == "title":
        rows.sort(key=lambda r: r.title.lower(), reverse=descending)
    elif sort == "reviews":
        rows.sort(key=lambda r: r.values.reviews, reverse=descending)
    else:  # hidden or missing values last, whatever the direction
        shown = [r for r in rows if r.values.shown and getattr(r.values, sort) is not None]
        hidden = [r for r in rows if r not in shown]
        shown.sort(key=lambda r: getattr(r.values, sort), reverse=descending)
        rows = shown + hidden
    return rows


def reports_of(user, limit: int = 50):
    return (
        Report.objects.filter(reporter=user)
        .select_related("procedure", "group__ticket")
        .order_by("-created_at")[:limit]
    )


__all__ = ["SORTS", "national_table", "public_page", "ranked_groups"]


def procedure_for_review(*, slug: str) -> Procedure | None:
    """A procedure reviewers may name: published, or archived (to tell them so); never an unpublished draft."""
    if not slug:
        return None
    procedure = Procedure.objects.filter(slug=slug).select_related("current_version").first()
    if procedure is None or (procedure.current_version_id is None and not procedure.is_archived):
        return None
    return procedure
