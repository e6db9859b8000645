"""Rules: validation of documents, しきい値判断, procedure, schedule and deadlines."""
