"""Pages of the assessments app; each module owns one area. Views call actions to write."""
