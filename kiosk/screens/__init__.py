"""The kiosk's screens, one per file; the window (kiosk/app.py) stacks and switches them."""
