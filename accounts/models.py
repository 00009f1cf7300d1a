import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import fold, search_filter

from .succession import Succession

SEES_ALL_WORK = "plans.view_all_work"
DEFAULT_REPORT_GRACE_DAYS = 30


def _valid_on(day: datetime.date, prefix: str = "") -> Q:
    """Rows whose (valid_from, valid_to) include `day`; an empty bound is open."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def _dates_in_order(name: str) -> models.CheckConstraint:
    """valid_to is not before valid_from (either may be empty)."""
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name=name,
    )


class ValidityDates(models.Model):
    """`valid_from` / `valid_to` dates (subclasses declare them) and the test of a day between them."""

    class Meta:
        abstract = True

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)


class UnitQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(_valid_on(day))

    def active_in_year(self, year: int):
        """Units active on at least one day of `year`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=datetime.date(year, 12, 31)),
            Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)),
        )

    def internal(self):
        """VSS itself, its central units and its offices: the units that can carry work."""
        return self.filter(kind__in=Unit.INTERNAL_KINDS)

    def partners(self):
        return self.filter(kind__in=(Unit.Kind.PARTNER, Unit.Kind.GOVERNMENT))

    def search(self, query: str):
        return search_filter(self, query)

    def succession_on(self, day: datetime.date | None = None) -> Succession:
        """The succession chain on `day` (today by default): one query over the units ended by then."""
        day = day or timezone.localdate()
        rows = (
            Unit.objects.filter(valid_to__lt=day)
            .order_by()
            .values_list("pk", "valid_to", "successor_links__to_unit_id", "successor_links__takes_open_work")
        )
        return Succession.build(day, rows)


class Unit(ValidityDates):
    """A VSS unit, office or outside organisation; organisation changes are data, never code."""

    class Kind(models.TextChoices):
        VSS = "vss", _("Vietnam Social Security")
        CENTRAL = "central_unit", _("Central unit")
        PROVINCIAL = "provincial_office", _("Provincial office")
        REGIONAL = "regional_office", _("Regional office")
        GOVERNMENT = "government", _("Government body")
        PARTNER = "partner", _("Partner organisation")

    class Region(models.TextChoices):
        NORTH = "north", _("Northern area")
        CENTRAL = "central", _("Central area")
        SOUTH = "south", _("Southern area")

    INTERNAL_KINDS = (Kind.VSS, Kind.CENTRAL, Kind.PROVINCIAL, Kind.REGIONAL)

    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, db_index=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    region = models.CharField(_("area"), max_length=16, choices=Region.choices, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("successors"), symmetrical=False, blank=True,
        related_name="predecessors", through="UnitSuccession", through_fields=("from_unit", "to_unit"),
    )
    report_grace_days = models.PositiveSmallIntegerField(
        _("reporting grace period (days)"), default=DEFAULT_REPORT_GRACE_DAYS,
        help_text=_("After the unit ends, its officers may still write its reports for this many days; "
                    "then only the officers of the unit that carries its work may."),
    )
    executing_officers_submit = models.BooleanField(
        _("executing officers submit reports"), default=False,
        help_text=_("An officer to whom an assignment was handed down may submit its report; otherwise a focal "
                    "officer of the unit submits it."),
    )
    search_text = models.TextField(editable=False, default="")

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "name_vi"]
        constraints = [
            _dates_in_order("unit_valid_to_after_valid_from"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accounts:unit_detail", args=[self.pk])

    @property
    def choice_label(self) -> str:
        """The unit in a picker: an ended unit says until when, so old and new units of one name differ."""
        if self.valid_to is None:
            return self.name
        return gettext("%(name)s (until %(date)s)") % {"name": self.name, "date": self.valid_to.strftime("%d/%m/%Y")}

    def build_search_text(self) -> str:
        return fold(f"{self.code} {self.name_vi} {self.name_en}")

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    @property
    def is_internal(self) -> bool:
        return self.kind in self.INTERNAL_KINDS

    def reports_until(self) -> datetime.date | None:
        """The last day this unit's own officers may write its reports (None: it has not ended)."""
        if self.valid_to is None:
            return None
        return self.valid_to + datetime.timedelta(days=self.report_grace_days)

    @property
    def focal_officers(self) -> list["User"]:
        """From `current_officers` (see `UnitMembership.objects.prefetch_officers`)."""
        return [membership.user for membership in self.current_officers]

    def lineage_ids(self) -> set[int]:
        """This unit and every unit it succeeded, transitively: whose records it inherits."""
        found, frontier = {self.pk}, {self.pk}
        while frontier:
            frontier = set(
                Unit.successors.through.objects.filter(to_unit_id__in=frontier)
                .values_list("from_unit_id", flat=True)
            ) - found
            found |= frontier
        return found


class UnitSuccession(models.Model):
    """One succession link: `to_unit` succeeded `from_unit` and inherits its records. When a unit has
    several successors (a split), the one that takes its open work is marked (see accounts/succession.py)."""

    id = models.AutoField(primary_key=True)  # the key of the former many-to-many table
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("predecessor"), on_delete=models.CASCADE, related_name="successor_links"
    )
    to_unit = models.ForeignKey(Unit, verbose_name=_("successor"), on_delete=models.CASCADE, related_name="predecessor_links")
    takes_open_work = models.BooleanField(
        _("takes its open work"), default=False,
        help_text=_("Only needed when the unit has several successors: the one that carries its open tasks and "
                    "reports once it has ended. With none marked, that work is orphaned."),
    )

    history = HistoricalRecords()

    class Meta:
        db_table = "accounts_unit_successors"  # the table of the former plain many-to-many field
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        unique_together = [("from_unit", "to_unit")]  # the index the many-to-many table already has
        constraints = [
            models.UniqueConstraint(
                fields=["from_unit"], condition=Q(takes_open_work=True), name="unit_succession_one_heir",
            ),
            models.CheckConstraint(condition=~Q(from_unit=models.F("to_unit")), name="unit_succession_not_itself"),
        ]

    def __str__(self):
        return f"{self.from_unit} → {self.to_unit}"


class UnitMembershipQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date | None = None):
        return self.filter(_valid_on(day or timezone.localdate()))

    def officers_on(self, day: datetime.date | None = None):
        """The memberships that receive a unit's work on `day`: focal, of an active user with the
        unit focal officer role. A unit with none has no active officer (its work is orphaned)."""
        return self.active_on(day).filter(is_focal=True, user__is_active=True, user__groups__name=User.Role.UNIT_OFFICER)

    def prefetch_officers(self, units):
        """Prefetch today's officers into `unit.current_officers` (read by `Unit.focal_officers`)."""
        officers = self.officers_on().select_related("user").order_by("user__last_name", "user__pk")
        return units.prefetch_related(models.Prefetch("memberships", queryset=officers, to_attr="current_officers"))


class UnitMembership(ValidityDates):
    """A person's membership of a unit, with its dates: a unit has several officers over time, and
    one who leaves (`valid_to` passed) stops receiving its work. `is_focal`: the unit's focal officer,
    who receives its reminders and answers for its work."""

    user = models.ForeignKey("User", verbose_name=_("user"), on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships")
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("to"), null=True, blank=True)
    is_focal = models.BooleanField(_("focal officer"), default=True)

    objects = UnitMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        ordering = ["unit", "-valid_from", "pk"]
        constraints = [
            _dates_in_order("unit_membership_valid_to_after_valid_from"),
            models.UniqueConstraint(
                fields=["user", "unit"], condition=Q(valid_to__isnull=True), name="unit_membership_one_open_per_unit",
            ),
        ]
        indexes = [models.Index(fields=["unit", "valid_to"])]

    def __str__(self):
        return f"{self.user} — {self.unit}"



class User(AbstractUser):
    """A portal user: belongs to one unit; what they may do comes from their role group."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administrator")
        CENTRAL_PLANNER = "central_planner", _("Central planner")
        LEADERSHIP = "leadership", _("Leadership")
        UNIT_OFFICER = "unit_officer", _("Unit focal officer")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def role(self) -> str | None:
        """The user's role, read from their groups (the first match in order of authority)."""
        if self.is_superuser:
            return self.Role.ADMINISTRATOR
        names = set(self.groups.values_list("name", flat=True))
        for role in (self.Role.ADMINISTRATOR, self.Role.CENTRAL_PLANNER, self.Role.LEADERSHIP, self.Role.UNIT_OFFICER):
            if role.value in names:
                return role
        return None

    @property
    def role_label(self) -> str:
        return self.Role(self.role).label if self.role else ""

    @property
    def is_unit_officer(self) -> bool:
        return self.role == self.Role.UNIT_OFFICER

    @property
    def sees_all_work(self) -> bool:
        """Central staff, leadership and administrators: every unit's work and reports. The one
        predicate every `visible_to` asks (the permission is the engine's `plans.view_all_work`)."""
        return self.has_perm(SEES_ALL_WORK)

    @cached_property
    def unit_lineage_ids(self) -> set[int]:
        """Ids of the user's unit and its predecessors: the units whose work the user may see (read, history)."""
        return self.unit.lineage_ids() if self.unit_id else set()

    @cached_property
    def work_units(self) -> dict[int, int]:
        """The units whose open work the user does today (writes its reports), each mapped to the user's
        own unit that does it: for each unit the user is an active member of — while it is active, or
        ended no longer than its grace period ago — that unit and the ended units whose work passes
        through it (accounts/succession.py). Where two of the user's units reach one, the active one wins."""
        if not self.pk:
            return {}
        today = timezone.localdate()
        units = [
            unit for unit in Unit.objects.filter(memberships__in=UnitMembership.objects.active_on(today).filter(user=self))
            if unit.valid_to is None or unit.reports_until() >= today
        ]
        if not units:
            return {}
        succession = Unit.objects.succession_on(today)
        found: dict[int, int] = {}
        for unit in sorted(units, key=lambda u: u.valid_to is None):  # active units last, so they win
            found.update(dict.fromkeys(succession.through(unit.pk), unit.pk))
        return found

    @property
    def work_unit_ids(self) -> frozenset[int]:
        """The keys of `work_units`: the units whose open work the user does today."""
        return frozenset(self.work_units)
