"""The citizen's phone page: ``/t/<token>`` from the QR code on the ticket, live by
server-sent events (routes.py), fed by one watch per server (watch.py), drawn from one state
object (view.py)."""
