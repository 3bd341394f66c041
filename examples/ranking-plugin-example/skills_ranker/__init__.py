"""The skills-only ranking plugin for the Enabled Talent API (entry point `skills_only`)."""
