"""The project's URLs plus one new page that forgets its access check: it answers a household's member
names by id to anyone logged in, and logs nothing. The permission matrix must catch it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from eenplan.households.models import Person
from eenplan.urls import urlpatterns as project_urlpatterns

LEAKY_ROUTE = "lek/huishouden/<int:household_id>/namen/"


@login_required
def member_names(request, household_id: int):
    names = Person.objects.filter(household=household_id).values_list("given_name", "surname")
    return HttpResponse(", ".join(f"{given} {surname}" for given, surname in names))


urlpatterns = [path(LEAKY_ROUTE, member_names, name="leaky-member-names"), *project_urlpatterns]
