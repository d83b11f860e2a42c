/* The phone page, live: one EventSource (it reconnects by itself), the state drawn into the
   page's data-k slots, a vibration when the ticket is called (again). Plain ES5 for old
   Android browsers; no framework. */
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-events");
  var calls = parseInt(body.getAttribute("data-calls"), 10) || 0;
  var pingMs = parseInt(body.getAttribute("data-ping"), 10) || 15000;
  var source = null;
  var lastHeard = new Date().getTime();
  var offline = false;
  var stale = body.className.indexOf(" stale") >= 0;
  var status = (body.className.match(/ s-(\w+)/) || [])[1] || "waiting";

  function fill(key, value) {
    var slots = document.querySelectorAll('[data-k="' + key + '"]');
    for (var i = 0; i < slots.length; i++) {
      if (slots[i].textContent !== value) { slots[i].textContent = value; }
    }
  }

  function paint() {
    body.className = "phone s-" + status + (stale ? " stale" : "") + (offline ? " offline" : "");
  }

  function setOffline(value) {
    if (offline !== value) { offline = value; paint(); }
  }

  function vibrate() {
    if (navigator.vibrate) {
      try { navigator.vibrate([500, 200, 500, 200, 900]); } catch (ignored) { /* not allowed */ }
    }
  }

  function apply(state) {
    var text = state.text || {};
    for (var key in text) {
      if (Object.prototype.hasOwnProperty.call(text, key) && key !== "title") {
        fill(key, text[key]);
      }
    }
    if (state.number) { fill("number", state.number); }
    if (state.service) { fill("service", state.service); }
    if (text.title) { document.title = text.title; }
    status = state.status;
    stale = !!state.stale;
    paint();
    if (state.called && state.call_count > calls) { vibrate(); }
    calls = Math.max(calls, state.call_count || 0);
    if (status === "expired") {
      source.close();
      window.location.reload();  // the server now shows "expired" and nothing else
    }
  }

  function heard() {
    lastHeard = new Date().getTime();
    setOffline(false);
  }

  function connect() {
    if (source) { source.close(); }
    source = new EventSource(url);
    source.addEventListener("state", function (event) {
      heard();
      apply(JSON.parse(event.data));
    });
    source.addEventListener("ping", heard);
    source.onopen = heard;
    source.onerror = function () {
      setOffline(true);
      if (source.readyState === 2) {  // the browser gave up (an error status): try later
        setTimeout(connect, 5000);
      }
    };
  }

  // A connection that died without an error (the phone slept, the Wi-Fi changed) sends no
  // pings: start a new one.
  setInterval(function () {
    if (new Date().getTime() - lastHeard > pingMs * 2.5) {
      setOffline(true);
      lastHeard = new Date().getTime();
      connect();
    }
  }, 5000);

  if (window.EventSource) { connect(); }
}());
