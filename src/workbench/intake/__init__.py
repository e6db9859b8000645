"""Existing 評価書 brought into the workbench: upload, review of what the import could not place,
and registration as the 公表版 of a new or existing 評価書 (issue 15)."""
