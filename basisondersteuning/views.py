from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def gezond(request):
    """For a load balancer: the process answers. Touches no database on purpose (it is also the
    empty view the benchmarks measure beside real work)."""
    return HttpResponse("ok", content_type="text/plain")
