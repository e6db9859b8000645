"""The Django web workbench: organisations, roles, the 評価書 editor, versions, workflow, audit."""
