"""The pages, thin: a view finds its objects for the user (``get_object_or_404`` on a
``for_user()`` queryset: out of scope is 404), checks its input with a form from
``zelfscan.forms``, asks a service or builder, and renders.

May use every package of the app.
"""
