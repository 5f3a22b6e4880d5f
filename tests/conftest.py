"""Fixtures shared by the whole suite: users with and without curator rights."""

import pytest
from django.contrib.auth.models import User

from apps.core.groups import curators_group_sync


@pytest.fixture
def curator(db: None) -> User:
    user = User.objects.create_user("curator", password="pw", is_staff=True)
    user.groups.add(curators_group_sync())
    return user


@pytest.fixture
def reader(db: None) -> User:
    """A signed-in staff user with no model permissions."""
    return User.objects.create_user("reader", password="pw", is_staff=True)
