"""Third-party-style plugins as real modules, registered by tests through the plugin manager."""
