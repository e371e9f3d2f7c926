"""Organisations and accounts: reads of schools, boards, wijken and roles (``selectors``), writes
such as inviting a person or offering a role (``services``), and the CSV/XLSX import of the
SWV's lists: reading the file (``uploads``), its cells (``import_widgets``), the rules per kind
of list (``import_resources``) and running it with a report per row (``importing``).

May use: ``zelfscan.models``, ``zelfscan.access``.
"""
