"""Access: who may see what (``scoping``: one ``for_user`` per model, out of scope is 404), what
a person may do with a scan they see (``rights``: not allowed is 403 with the reason), the rules
of two-step verification and recovery codes (``two_step``), and the middleware that applies
them and the session limits on every request (``middleware``).

May use: ``zelfscan.models``. Everything else of the application may use this package.
"""
