import datetime

import factory
from django.utils import timezone

from accounts.models import Unit
from accounts.tests.factories import UnitFactory
from conferences.models import AgendaSession, Conference, Invitation, Participant, Speaker


def vss_unit(code="HTQT") -> Unit:
    return Unit.objects.get(code=code)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker
        django_get_or_create = ["name", "organisation"]

    name = factory.Sequence(lambda n: f"Diễn giả {n}")
    title = "TS."
    position = "Chuyên gia"
    organisation = "Ngân hàng Thế giới"
    kind = Speaker.Kind.EXTERNAL


class ConferenceFactory(factory.django.DjangoModelFactory):
    """A training whose registration is open: it starts in three weeks, registration closes in two."""

    class Meta:
        model = Conference

    title = factory.Sequence(lambda n: f"Hội nghị tập huấn công tác đối ngoại số {n}")
    kind = Conference.Kind.TRAINING
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))
    end_date = factory.LazyAttribute(lambda c: c.start_date + datetime.timedelta(days=1))
    registration_deadline = factory.LazyAttribute(lambda c: c.start_date - datetime.timedelta(days=7))
    venue = "Hội trường Bảo hiểm xã hội Việt Nam"
    organiser = factory.LazyFunction(vss_unit)
    chair = "Phó Tổng Giám đốc"
    status = Conference.Status.INVITATIONS_SENT


class HeldConferenceFactory(ConferenceFactory):
    """Held yesterday and today: attendance and feedback can be recorded."""

    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    end_date = factory.LazyFunction(timezone.localdate)
    status = Conference.Status.HELD


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    conference = factory.SubFactory(ConferenceFactory)
    unit = factory.SubFactory(UnitFactory)
    quota = 2


class AgendaSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaSession
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    day = factory.SelfAttribute("conference.start_date")
    start_time = datetime.time(8, 30)
    end_time = datetime.time(10, 0)
    topic = factory.Sequence(lambda n: f"Chuyên đề {n}")

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    invitation = factory.SubFactory(InvitationFactory)
    conference = factory.SelfAttribute("invitation.conference")
    name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    position = "Chuyên viên"
