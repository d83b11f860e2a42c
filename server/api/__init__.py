"""The JSON API, ``/api/v1``: tickets, counters, status and the event stream."""
