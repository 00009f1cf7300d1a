import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import fold, search_filter

SEES_ALL_WORK = "plans.view_all_work"


class UnitQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

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


class Unit(models.Model):
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
        related_name="predecessors",
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
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accounts:unit_detail", args=[self.pk])

    def build_search_text(self) -> str:
        return fold(f"{self.code} {self.name_vi} {self.name_en}")

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    @property
    def is_internal(self) -> bool:
        return self.kind in self.INTERNAL_KINDS

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)

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
        """Ids of the user's unit and its predecessors: the units whose work the user may see."""
        return self.unit.lineage_ids() if self.unit_id else set()
