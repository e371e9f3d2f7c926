"""After the scan: the conversation with its agenda drafted from the scan (``gesprekken``) and
the school's development plan with the steps of the trajectory (``ontwikkelplan``).

May use: ``zelfscan.models``, ``zelfscan.access``, ``zelfscan.scans``, ``zelfscan.resultaten``.
"""
