"""`mentor-tui serve`: the built-in SSH server that runs the app in a PTY for each key.

ssh.py holds the server; prefork.py the warm parent it forks apps from; keys.py the public
keys that decide who connects; handoff.py the one-use token telling the app its person and
outbox; file_transfer.py the read-only SFTP of that outbox. It spawns the app as a process and
never imports mentor_tui.tui nor live sync.
"""
