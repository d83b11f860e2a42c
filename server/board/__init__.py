"""The wall board in a browser: ``/board/<site>`` (a TV's page), its event stream and sounds."""
