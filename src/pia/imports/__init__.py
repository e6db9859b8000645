"""Existing 評価書 in: PDF (text layer), XLSX, DOCX and plain text, recognised by the form data.

The public entry points are ``import_file`` and ``import_bytes`` (see ``api``); what they return
is in ``model``.
"""
