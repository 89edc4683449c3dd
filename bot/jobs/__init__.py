"""Scheduled work (JobQueue callbacks) rebuilt from the database at start-up."""
