"""Benchmark data: two focal officers for every internal unit (usernames bench-<code>-<n>)."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import Unit, User

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
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=pk, group_id=group.pk) for pk in created.values_list("pk", flat=True)],
        batch_size=1000,
    )
    stdout.write(f"    {len(users)} officers")
