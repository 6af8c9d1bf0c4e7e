"""Cross-app statistics and the summary reports: reads the apps, no app reads it."""
