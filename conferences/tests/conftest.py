import pytest

from accounts.models import Unit, User

from .factories import ConferenceFactory, InvitationFactory


@pytest.fixture
def hanoi():
    return Unit.objects.get(code="P34-HANOI")


@pytest.fixture
def hanoi_officer(make_user, hanoi):
    return make_user(User.Role.UNIT_OFFICER, hanoi, username="hanoi-officer")


@pytest.fixture
def conference(db):
    return ConferenceFactory()


@pytest.fixture
def hanoi_invitation(conference, hanoi):
    return InvitationFactory(conference=conference, unit=hanoi, quota=2)
