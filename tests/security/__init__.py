"""Security: each row of THREATS.md's adversary table, attacked through the real thing."""
