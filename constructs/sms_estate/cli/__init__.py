"""The command line (``sms-estate``): commands, the diff and the status view.

Tools over the YAML app and the synthesized assembly; nothing in the library or the app imports them.
"""
