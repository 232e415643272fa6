"""Access: visitor codes, check-in/out, the visitor log, stats and musters."""
