"""The built-in ranking plugin: explainable, disability-blind, deterministic, no network."""
