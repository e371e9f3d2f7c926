"""The operator's commands (``commands/``): they ask the same services as the pages."""
