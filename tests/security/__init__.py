"""Security: each row of the adversary table in THREATS.md, driven as an attack on the real thing."""
