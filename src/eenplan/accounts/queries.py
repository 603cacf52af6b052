from .models import User


def team_members(team) -> list[User]:
    """The staff of a team, for its team lead (names and roles: no resident data)."""
    return list(team.members.filter(is_active=True).order_by("role", "last_name"))
