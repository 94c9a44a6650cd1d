"""Remote pairs: live sync between processes on one database, and the built-in SSH server.

sync.py is Textual-free and asyncio-friendly: the app subscribes to it. server.py runs
`mentor-tui serve`. Neither imports mentor_tui.tui.
"""
