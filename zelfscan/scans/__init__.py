"""The scan: what a scan asks (``structuur``), the one way an answer changes, with versions and
history (``antwoorden``), and rounds, states, prefill and comments (``workflow``).

May use: ``zelfscan.models``, ``zelfscan.access``, ``zelfscan.resultaten.samenvatting`` (every
answer keeps the summary current).
"""
