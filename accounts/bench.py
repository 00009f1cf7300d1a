"""Benchmark data: two focal officers for every internal unit (usernames bench-<code>-<n>)."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import Unit, UnitMembership, User

OFFICERS_PER_UNIT = 2


def generate(*, scale: int, rng, stdout) -> None:
    group = Group.objects.get(name=User.Role.UNIT_OFFICER)
    password = make_password("bench-password")
    existing = set(User.objects.filter(username__startswith="bench-").values_list("username", flat=True))
    users = [
        User(
            username=f"bench-{unit.code.lower()}-{n}",
            unit=unit,
            password=password,
            first_name="Bench",
            last_name=unit.code,
        )
        for unit in Unit.objects.internal()
        for n in range(OFFICERS_PER_UNIT)
        if f"bench-{unit.code.lower()}-{n}" not in existing
    ]
    User.objects.bulk_create(users, batch_size=1000)
    created = User.objects.filter(username__in=[u.username for u in users])
    rows = list(created.values_list("pk", "unit_id"))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=pk, group_id=group.pk) for pk, _unit in rows], batch_size=1000,
    )
    # bulk_create sends no signal, so the membership that follows a user's unit is written here.
    UnitMembership.objects.bulk_create([UnitMembership(user_id=pk, unit_id=unit_id) for pk, unit_id in rows], batch_size=1000)
    stdout.write(f"    {len(users)} officers")
