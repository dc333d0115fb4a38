"""Static exports of the course (HTML for the intranet and printing)."""
