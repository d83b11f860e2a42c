"""The LAN web service (``layso serve``): the JSON API, the citizen's phone page, the wall board
in a browser and, later, the manager's console. An app like kiosk/, counter/ and display/: it
imports shared/ and none of them, and holds no Qt."""
