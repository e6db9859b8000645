"""The 評価書 editor, generated from the form data: field names, parsing, rendering, status."""
