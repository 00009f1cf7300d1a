import factory
from django.contrib.auth.models import Group

from accounts.models import Unit, User


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"T{n:04d}")
    kind = Unit.Kind.PROVINCIAL
    name_vi = factory.Sequence(lambda n: f"Bảo hiểm xã hội tỉnh Thử Nghiệm {n}")
    name_en = factory.Sequence(lambda n: f"Test Provincial Social Security {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password("pass-1234-word")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
            if extracted == User.Role.ADMINISTRATOR:
                self.is_staff = self.is_superuser = True
                self.save(update_fields=["is_staff", "is_superuser"])


def officer_of(unit, **kwargs):
    return UserFactory(unit=unit, role=User.Role.UNIT_OFFICER, **kwargs)
