"""Organisations and accounts: reads of schools, boards, wijken and roles (``selectors``), writes
such as inviting a person or offering a role (``services``), and the CSV/XLSX import of the
SWV's lists (``importing``).

May use: ``zelfscan.models``, ``zelfscan.access``.
"""
