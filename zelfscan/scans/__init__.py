"""The scan: what a scan asks (``structuur``), the one way an answer changes, with versions and
history (``antwoorden``: one ``Wijziging`` at a time, or a page's at once), and rounds,
states, prefill and comments (``workflow``), and the history of the answers as people
read it (``historie``).

May use: ``zelfscan.models``, ``zelfscan.access``, ``zelfscan.resultaten.samenvatting`` (every
answer keeps the summary current). Values come checked by ``zelfscan.forms``; the services
check what needs the database (scope, versions, the norm). Not the views.
"""
