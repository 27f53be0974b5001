"""Loopback-only tools that drive running app servers: an admin client and the load test."""
