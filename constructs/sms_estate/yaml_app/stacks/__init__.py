"""Stacks: one messaging stack per (environment, region)."""
