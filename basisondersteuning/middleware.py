"""Protections that hold for every request of the project, whatever app answers it."""

import functools

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from zelfscan.access.middleware import wants_json


def reads_its_upload_itself(view):
    """Marks a view that sets a size cap on an upload before its body is read (the import):
    the NUL check leaves that body to the view, which checks every cell of the file."""
    view.reads_its_upload_itself = True
    return view


class CappedUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the cap, instead of storing it first."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_met_limiet(limiet):
    """For a view that takes a file of at most ``limiet()`` bytes: the body is not read past
    that (``request.upload_too_large`` says so), the CSRF check runs once that handler is in
    place (reading the token would read the body first), and the NUL check is the view's:
    its forms refuse NUL in text."""

    def decorate(view):
        protected = csrf_protect(view)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            cap = limiet()
            request.upload_too_large = int(request.META.get("CONTENT_LENGTH") or 0) > cap + 65536
            if not request.upload_too_large:
                request.upload_handlers.insert(0, CappedUploadHandler(request, cap))
            return protected(request, *args, **kwargs)

        return reads_its_upload_itself(csrf_exempt(wrapper))

    return decorate


def _has_nul(request, *, body: bool) -> bool:
    for data in (request.GET, request.POST) if body else (request.GET,):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return True
    return False


class RefuseNulMiddleware:
    """Every text a person submits comes through here: one with a NUL byte is refused with a
    Dutch message, on every database. PostgreSQL cannot store NUL in text (it was a 500) and
    SQLite stored it as is. After the CSRF check (which reads the body already), so a forged
    request is refused as that first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        body = not getattr(view_func, "reads_its_upload_itself", False)
        if not _has_nul(request, body=body):
            return None
        message = _(
            "What you sent contains an invisible control character (NUL) that cannot be "
            "stored. Remove it (type the text again rather than pasting it) and try again."
        )
        if wants_json(request):
            return JsonResponse({"bericht": message}, status=400)
        return render(request, "400.html", {"melding": message}, status=400)


def openbaar(view):
    """Marks a view whose pages hold no school data (the norm): the browser may keep them."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.openbaar = True
        return response

    return wrapper


class CacheControlMiddleware:
    """Nothing with school data stays in a browser's cache (a shared school computer keeps
    what it caches): every response is ``no-store, private`` unless its view is marked
    ``openbaar``. Static files never come here (whitenoise answers them before)."""

    public_max_age = 3600

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "openbaar", False) and response.status_code == 200:
            # Logged in, the page carries the person's name in the menu: their browser only.
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, max_age=self.public_max_age)
            else:
                patch_cache_control(response, public=True, max_age=self.public_max_age)
        else:
            add_never_cache_headers(response)
        return response
