"""Live sync: several apps on one database see each other's saves, presence and position.

sync.py is Textual-free and asyncio-friendly: the app subscribes to it; nudge.py wakes the
partner's app on this host after a save. Neither imports mentor_tui.tui nor the SSH server.
"""
