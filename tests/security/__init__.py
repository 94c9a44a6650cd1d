"""Security: each adversary of the trust model (docs/architecture.md), attacked through the real thing."""
