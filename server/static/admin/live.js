// Live supervision (/admin/live): draws the site's snapshot, keeps it current from the
// server-sent events of /admin/live/events, counts "for how long" every second on the
// server's clock, and sends the supervisor's actions with fetch (CSRF token in a header).
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) return;
  var site = root.dataset.site;
  var csrf = root.dataset.csrf;
  var T = JSON.parse(document.getElementById("live-texts").textContent);
  var data = JSON.parse(document.getElementById("live-data").textContent);
  var offset = data.now - Date.now(); // server clock minus this PC's
  var source = null;
  var query = "?site=" + encodeURIComponent(site) + "&lang=" + encodeURIComponent(document.documentElement.lang);

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === "text") node.textContent = attrs[key];
        else if (key === "className") node.className = attrs[key];
        else if (key.slice(0, 5) === "data-") node.setAttribute(key, attrs[key]);
        else node[key] = attrs[key];
      });
    }
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function now() { return Date.now() + offset; }

  // "m:ss" (or "h:mm:ss") since a moment, for a ticket being served.
  function clockSince(moment) {
    var seconds = Math.max(0, Math.floor((now() - moment) / 1000));
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  function minutesSince(moment) {
    return Math.max(0, Math.floor((now() - moment) / 60000)) + " " + T.min;
  }

  function timer(moment, kind) {
    if (!moment) return null;
    return el("span", {className: "timer " + kind, "data-since": String(moment), "data-kind": kind,
                       text: kind === "clock" ? clockSince(moment) : minutesSince(moment)});
  }

  function button(label, action, fields, confirmText) {
    var b = el("button", {type: "button", text: label});
    b.addEventListener("click", function () {
      if (confirmText && !window.confirm(confirmText)) return;
      var form = new FormData();
      form.append("site", site);
      Object.keys(fields).forEach(function (key) { form.append(key, fields[key]); });
      send(action, form);
    });
    return b;
  }

  function serviceName(code) {
    for (var i = 0; i < data.services.length; i++) {
      if (data.services[i].code === code) return data.services[i].name;
    }
    return code;
  }

  function alerted(kind, subject) {
    return data.alerts.some(function (a) { return a.kind === kind && a.subject === String(subject); });
  }

  function counterRow(c) {
    var status = el("td", {}, [
      el("span", {className: "clerk" + (c.clerk ? "" : " muted"), text: c.clerk || T.nobody}),
      el("span", {className: "status"}, [
        el("span", {className: "badge " + c.status, text: c.status_text}),
        c.status !== "open" && c.status_since ? " " : null,
        c.status !== "open" ? timer(c.status_since, "minutes") : null])]);
    var serving = c.ticket
      ? el("td", {}, [el("span", {className: "ticket-no", text: c.ticket.number}), " ",
                      el("span", {className: "codes", text: c.ticket.service_name}),
                      timer(c.ticket.called_at, "clock"),
                      c.clerk_username ? null : " ",
                      c.clerk_username ? null : el("span", {className: "badge bad held", text: T.held})])
      : el("td", {className: "muted", text: c.status === "open" ? T.idle : "–"});
    var actions = el("div", {className: "row-actions"});
    var n = {counter: c.number};
    // Opening needs a clerk there (a clerk opens a counter by logging in).
    if (c.status !== "open" && c.clerk_username) actions.appendChild(button(T.open, "counter-status", {counter: c.number, status: "open"}));
    if (c.status === "open") actions.appendChild(button(T.pause, "counter-status", {counter: c.number, status: "paused"}));
    if (c.status !== "closed") actions.appendChild(button(T.close, "counter-status", {counter: c.number, status: "closed"},
                                                          T.confirm_close.replace("{n}", c.number)));
    var edit = el("button", {type: "button", text: T.services});
    edit.addEventListener("click", function () { editServices(c); });
    actions.appendChild(edit);
    if (c.clerk_username) {
      var releaseText = c.ticket
        ? T.confirm_release_ticket.split("{n}").join(c.number).split("{t}").join(c.ticket.number)
        : T.confirm_release.replace("{n}", c.number);
      actions.appendChild(button(T.release, "release", n, releaseText));
    }
    // A ticket left at a counter nobody is logged in at (its clerk released): back to the
    // queue, or ended (asked first, with the outcome, in a dialog).
    if (c.ticket && !c.clerk_username) {
      actions.appendChild(button(T.requeue, "return-held", n,
                                 T.confirm_return_held.replace("{t}", c.ticket.number).replace("{n}", c.number)));
      var end = el("button", {type: "button", className: "danger", text: T.finish});
      end.addEventListener("click", function () { finishHeld(c); });
      actions.appendChild(end);
    }
    // Today's own services (a change for the rest of the day) are marked, the usual ones named.
    var codes = [el("b", {text: String(c.number)}), el("span", {className: "codes", text: c.services.join(", ")})];
    var title = c.services.map(serviceName).join(", ");
    if (c.usual_services) {
      codes.push(el("span", {className: "badge today", text: T.today_only}));
      title = T.today_title.replace("{s}", c.usual_services.join(", ")) + " · " + title;
    }
    var row = el("tr", {"data-counter": String(c.number)}, [
      el("td", {className: "counter-no", title: title}, codes),
      status, serving,
      el("td", {}, [actions])]);
    if (alerted("break", c.number)) row.className = "alerting";
    return row;
  }

  function serviceRow(s) {
    var row = el("tr", {"data-service": s.code}, [
      el("td", {}, [s.name, " ", el("span", {className: "codes", text: "(" + s.code + ")"}),
                    s.issuing ? null : " ",
                    s.issuing ? null : el("span", {className: "badge warn", text: T.not_issuing,
                                                   title: T.not_issuing_title})]),
      el("td", {className: "num", text: String(s.waiting)}),
      el("td", {className: "num"}, [s.waiting && s.oldest ? timer(s.oldest, "minutes") : "–"]),
      el("td", {className: "num", text: String(s.served)}),
      el("td", {className: "num", text: String(s.no_show)}),
      el("td", {className: "num", text: String(s.open_counters)})]);
    if (alerted("wait", s.code) || alerted("unserved", s.code)) row.className = "alerting";
    return row;
  }

  function noShowRow(t) {
    return el("tr", {"data-ticket": String(t.ticket_id)}, [
      el("td", {}, [el("span", {className: "ticket-no", text: t.number})]),
      el("td", {text: t.service_name}),
      el("td", {className: "muted nowrap", text: t.counter ? T.at_counter + " " + t.counter : ""}),
      el("td", {}, [button(T.requeue, "requeue", {ticket: t.ticket_id},
                           T.confirm_requeue.replace("{t}", t.number))])]);
  }

  function fill(id, rows, empty, columns) {
    var body = document.getElementById(id);
    var fresh = document.createDocumentFragment();
    if (!rows.length && empty) {
      fresh.appendChild(el("tr", {}, [el("td", {className: "muted", colSpan: columns, text: empty})]));
    }
    rows.forEach(function (row) { fresh.appendChild(row); });
    body.replaceChildren(fresh);
  }

  function draw() {
    document.getElementById("site-name").textContent = data.site_name;
    document.getElementById("fig-waiting").textContent = data.figures.waiting;
    document.getElementById("fig-served").textContent = data.figures.served;
    document.getElementById("fig-no-show").textContent = data.figures.no_show;
    var median = data.figures.median_wait_minutes;
    document.getElementById("fig-median").textContent =
      median === null ? "–" : String(median).replace(".", document.documentElement.lang === "en" ? "." : ",");
    var alerts = document.getElementById("alerts");
    alerts.replaceChildren.apply(alerts, data.alerts.length
      ? data.alerts.map(function (a) { return el("p", {className: "alert", "data-kind": a.kind, text: a.text}); })
      : [el("p", {className: "calm", text: T.no_alerts})]);
    fill("counters", data.counters.map(counterRow), "", 4);
    fill("services", data.services.map(serviceRow), "", 6);
    fill("no-shows", data.no_shows.map(noShowRow), T.no_no_shows, 4);
  }

  function tick() {
    var moment = new Date(now());
    document.getElementById("clock").textContent = moment.toLocaleTimeString(
      document.documentElement.lang === "en" ? "en-GB" : "vi-VN", {timeZone: "Asia/Ho_Chi_Minh"});
    document.querySelectorAll(".timer[data-since]").forEach(function (node) {
      var since = Number(node.getAttribute("data-since"));
      node.textContent = node.getAttribute("data-kind") === "clock" ? clockSince(since) : minutesSince(since);
    });
  }

  function connection(state, text) {
    var badge = document.getElementById("conn");
    badge.textContent = text;
    badge.className = "badge " + (state === "on" ? "live-on" : state === "off" ? "live-off" : "");
  }

  function flash(message, error) {
    var node = document.getElementById("flash");
    node.textContent = message;
    node.className = error ? "notice error" : "notice";
    node.hidden = false;
    clearTimeout(flash.timer);
    flash.timer = setTimeout(function () { node.hidden = true; }, error ? 10000 : 5000);
  }

  // The alert settings as stored (set by another supervisor too), unless being edited here.
  function syncSettings() {
    var details = document.getElementById("alert-settings");
    if (details.open) return;
    var fields = details.querySelector("form").elements, th = data.thresholds;
    fields.wait_minutes.value = th.wait_minutes === null ? "" : th.wait_minutes;
    fields.break_minutes.value = th.break_minutes === null ? "" : th.break_minutes;
    fields.unserved_service.checked = th.unserved_service;
  }

  function apply(fresh) {
    data = fresh;
    offset = data.now - Date.now();
    draw();
    syncSettings();
    tick();
  }

  // A refused form's errors (field name -> message), each shown under its field; the
  // previous ones cleared. What was typed stays as it is.
  function markErrors(form, errors) {
    if (!form) return;
    form.querySelectorAll("small.error[data-field]").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
      if (field.closest("label")) field.closest("label").classList.remove("invalid");
    });
    Object.keys(errors || {}).forEach(function (name) {
      var field = form.elements[name];
      if (!field || !field.setAttribute) return;
      var label = field.closest("label");
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", name + "-error");
      if (label) label.classList.add("invalid");
      (label || field.parentNode).appendChild(
        el("small", {className: "error", id: name + "-error", "data-field": name, text: errors[name]}));
    });
  }

  function send(action, form, shown) {
    return fetch("/admin/live/" + action + "?lang=" + encodeURIComponent(document.documentElement.lang), {
      method: "POST", body: form, credentials: "same-origin",
      headers: {"X-CSRF-Token": csrf, "Accept": "application/json"}
    }).then(function (response) {
      if (response.redirected && response.url.indexOf("/admin/login") >= 0) {
        // The session ended: log in again, then back to this page.
        window.location.href = "/admin/login?next=" + encodeURIComponent(location.pathname + location.search);
        return null;
      }
      return response.json().then(function (body) {
        markErrors(shown, response.ok ? {} : body.errors);
        if (!response.ok) throw new Error(body.message || body.detail || T.failed);
        flash(body.message, false);
        return refresh();
      });
    }).catch(function (error) { flash(T.failed + ": " + error.message, true); });
  }

  // After an action, read at once (the stream follows too; this is for a slow feed).
  function refresh() {
    return fetch("/admin/live/data" + query, {credentials: "same-origin",
                                                                      headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (fresh) { if (fresh) apply(fresh); });
  }

  function finishHeld(counter) {
    var dialog = document.getElementById("finish-dialog");
    var form = dialog.querySelector("form");
    function fill(text) { return text.split("{n}").join(counter.number).split("{t}").join(counter.ticket.number); }
    form.elements.counter.value = counter.number;
    form.elements.ticket.value = counter.ticket.id;
    form.elements.outcome.value = "other";
    document.getElementById("finish-title").textContent = fill(T.finish_title);
    document.getElementById("finish-note").textContent = fill(T.finish_note);
    dialog.showModal();
  }

  function editServices(counter) {
    var dialog = document.getElementById("services-dialog");
    var form = dialog.querySelector("form");
    form.elements.counter.value = counter.number;
    document.getElementById("services-title").textContent =
      form.elements.counter.value && (document.documentElement.lang === "en" ? "Services of counter " : "Dịch vụ của quầy ") + counter.number;
    var order = counter.services.slice();
    data.services.forEach(function (s) { if (order.indexOf(s.code) < 0) order.push(s.code); });
    document.getElementById("service-choices").replaceChildren.apply(
      document.getElementById("service-choices"), order.map(function (code) {
        return el("label", {}, [el("input", {type: "checkbox", name: "services", value: code,
                                             checked: counter.services.indexOf(code) >= 0}),
                                serviceName(code) + " (" + code + ")"]);
      }));
    var usual = counter.usual_services || counter.services;
    document.getElementById("usual-note").textContent = T.usual_note.replace("{s}", usual.join(", "));
    var back = document.getElementById("services-usual");
    back.hidden = !counter.usual_services;
    back.onclick = function () {
      var body = new FormData();
      body.append("site", site);
      body.append("counter", counter.number);
      send("counter-services-usual", body).then(function () { dialog.close(); });
    };
    dialog.showModal();
  }

  document.querySelectorAll("form[data-live-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var action = form.getAttribute("action").split("/").pop();
      var body = new FormData(form);
      body.delete("csrf");
      send(action, body, form).then(function () {
        var dialog = form.closest("dialog");
        if (dialog) dialog.close();
      });
    });
  });
  document.querySelectorAll("[data-close]").forEach(function (b) {
    b.addEventListener("click", function () { b.closest("dialog").close(); });
  });
  var pick = document.querySelector(".site-pick select");
  if (pick) pick.addEventListener("change", function () { pick.form.submit(); });

  function connect() {
    source = new EventSource("/admin/live/events" + query);
    source.addEventListener("live", function (event) {
      apply(JSON.parse(event.data));
      connection("on", T.live);
    });
    source.addEventListener("stale", function () { connection("off", T.stale); });
    source.addEventListener("expired", function () {
      source.close();
      window.location.href = "/admin/login?next=" + encodeURIComponent(location.pathname + location.search);
    });
    source.addEventListener("error", function () {
      connection("off", T.lost);
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 5000); // the browser gave up (e.g. an error page): start again
      }
    });
  }

  draw();
  tick();
  setInterval(tick, 1000);
  connect();
})();
