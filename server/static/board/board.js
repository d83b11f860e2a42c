/* The wall board in a browser: live from the server's event stream, no framework.
 *
 * - "board" events carry everything shown (the core's snapshot as JSON) and the server's
 *   clock; the page redraws from them. "call" events are announced: the tile lights up, the
 *   call shows over the side panels, and its sound (chime + voice, one WAV from the server)
 *   joins a queue played one at a time, in order.
 * - The stream reconnects by itself; while it is down, while the server says the database is
 *   lost, or when its pings stop, a banner says the data may be old.
 * - Browsers refuse sound until someone touches the page: then a discreet button asks for it.
 */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("board-config").textContent);
  var T = config.texts;
  var lang = config.lang;
  var $ = function (id) { return document.getElementById(id); };

  /* ---------------------------------------------------------------- state */
  var state = {
    clockOffset: config.now - Date.now(), // server's clock minus ours (ms)
    lastMessage: Date.now(),
    mark: "",                              // the newest call's time we have been given
    connected: true, // the page was drawn from fresh data
    serverStale: false,
    source: null,
    retryTimer: null,
    retryMs: 1500,
    lastCounters: null,
    figures: null,   // the last board drawn (its figures are paged again on a resize)
  };
  var WATCHDOG_MS = 30000;
  window.boardState = state; // for tests and the curious

  /* ---------------------------------------------------------------- the grid */
  var NUMBER_EM = 0.6025; // one glyph of a ticket number in bold Noto Sans, in em (A053: 2.41)

  function chooseGrid(count, width, height, glyphs) {
    // the columns x rows giving the biggest number (display/grid.py, choose_grid)
    count = Math.max(count, 1);
    var best = null;
    for (var columns = 1; columns <= count; columns++) {
      var rows = Math.ceil(count / columns);
      if (columns > 1 && Math.ceil(count / (columns - 1)) === rows) continue;
      var w = width / columns, h = height / rows;
      var px = numberPx(w, h, glyphs);
      var key = [px, -(columns * rows - count), w];
      if (!best || key[0] > best.key[0] || (key[0] === best.key[0] && (key[1] > best.key[1] ||
          (key[1] === best.key[1] && key[2] > best.key[2])))) {
        best = { key: key, columns: columns, rows: rows, w: w, h: h, px: px };
      }
    }
    return best;
  }

  function numberPx(w, h, glyphs) {
    // the tile's margin and border (board.css: .5vmin and .35vmin each side), then a gap
    var vmin = Math.min(window.innerWidth, window.innerHeight) / 100;
    var frame = 0.5 * vmin + Math.max(2, 0.35 * vmin);
    var gap = Math.max(2, Math.min(w, h) * 0.02) + frame;
    var byHeight = (h - 2 * gap) * 0.5;
    var byWidth = (w - 2 * gap) * 0.85 / (Math.max(glyphs, 4) * NUMBER_EM);
    return Math.max(8, Math.floor(Math.min(byHeight, byWidth)));
  }

  function fit(node, overflows, floor) {
    // shrink the node's text (its --fit scale) until it fits, not below floor
    var scale = 1;
    node.style.setProperty("--fit", scale);
    while (overflows(node) && scale > floor) {
      scale = Math.round((scale - 0.04) * 100) / 100;
      node.style.setProperty("--fit", scale);
    }
  }
  var tooTall = function (node) { return node.scrollHeight > node.clientHeight + 1; };
  var tooWide = function (node) { return node.scrollWidth > node.clientWidth + 1; };

  function fitText() {
    // the recent calls and the figures keep their back-row size (board.css): the figures
    // come in pages, the recent list shows the rows that fit
    fit($("site-name"), tooWide, 0.55);
  }

  function layout() {
    fitText();
    var grid = $("grid");
    var tiles = grid.children.length;
    var board = $("board");
    var portrait = window.innerHeight > window.innerWidth;
    board.classList.toggle("many", !portrait && tiles >= 12);
    var glyphs = 4;
    Array.prototype.forEach.call(grid.querySelectorAll(".number"), function (el) {
      glyphs = Math.max(glyphs, el.textContent.length);
    });
    var rect = grid.getBoundingClientRect();
    var choice = chooseGrid(tiles, rect.width, rect.height, glyphs);
    grid.style.gridTemplateColumns = "repeat(" + choice.columns + ", minmax(0, 1fr))";
    grid.style.gridTemplateRows = "repeat(" + choice.rows + ", minmax(0, 1fr))";
    grid.style.setProperty("--tile-w", choice.w + "px");
    grid.style.setProperty("--tile-h", choice.h + "px");
    grid.style.setProperty("--number-px", choice.px + "px");
    pageQueue();
  }

  /* ---------------------------------------------------------------- drawing */
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function tileNode(c) {
    var serving = c.ticket && c.status !== "closed";
    var node = el("article", "tile status-" + c.status + (serving ? " serving" : ""));
    node.dataset.counter = c.number;
    node.appendChild(el("div", "label", T.counter_word + " " + c.number));
    if (c.name) node.appendChild(el("div", "own-name", c.name));
    if (serving) {
      node.appendChild(el("div", "number", c.ticket));
      node.appendChild(el("div", "service", lang === "en" ? c.service_name_en : c.service_name));
    } else if (c.status === "closed") {
      node.appendChild(el("div", "state", T.closed));
    } else if (c.status === "paused") {
      node.appendChild(el("div", "state", T.on_break));
    } else {
      node.appendChild(el("div", "state idle", T.idle));
    }
    return node;
  }

  function drawGrid(counters) {
    var grid = $("grid");
    var lit = {};
    Array.prototype.forEach.call(grid.querySelectorAll(".tile.lit"), function (node) {
      lit[node.dataset.counter] = node.dataset.litUntil;
    });
    var key = JSON.stringify(counters);
    if (key === state.lastCounters) return;
    state.lastCounters = key;
    var fragment = document.createDocumentFragment();
    counters.forEach(function (c) {
      var node = tileNode(c);
      if (lit[c.number] && Number(lit[c.number]) > Date.now()) {
        node.classList.add("lit");
        node.dataset.litUntil = lit[c.number];
      }
      fragment.appendChild(node);
    });
    grid.replaceChildren(fragment);
    $("board").dataset.count = counters.length;
    layout();
  }

  function drawRecent(recent) {
    var list = $("recent");
    var fragment = document.createDocumentFragment();
    if (!recent.length) fragment.appendChild(el("li", "none", T.no_calls));
    recent.forEach(function (call) {
      var item = el("li", call.recall ? "recall" : "");
      item.appendChild(el("span", "ticket", call.ticket));
      item.appendChild(el("span", "arrow", "→"));
      var to = el("span", "to");
      to.appendChild(el("span", "word", T.counter_word + " "));
      to.appendChild(document.createTextNode(String(call.counter)));
      item.appendChild(to);
      fragment.appendChild(item);
    });
    list.replaceChildren(fragment);
  }

  function percent(rate) {
    if (rate === null || rate === undefined) return T.no_rate;
    var text = (rate * 100).toFixed(1);
    return (lang === "vi" ? text.replace(".", ",") : text) + " %";
  }

  function row(label, value, cls, wait) {
    var node = el("div", "row " + (cls || ""));
    node.appendChild(el("dt", "", label));
    // a service's current wait ("~15 phút"), between its name and its waiting count
    if (wait !== undefined) node.appendChild(el("dd", "wait", wait));
    node.appendChild(el("dd", "", value));
    return node;
  }

  function figurePage(cls, title, rows, heading) {
    var page = el("div", "fig-page " + cls);
    var h2 = el("h2", heading ? "with-wait" : "", title);
    if (heading) h2.appendChild(el("small", "", heading));
    page.appendChild(h2);
    var list = el("dl");
    rows.forEach(function (node) { list.appendChild(node); });
    page.appendChild(list);
    return page;
  }

  function queuePage(board, services, index, count) {
    // one page of the queue: its services, then the day's totals (on every page)
    var f = board.figures;
    var queue = services.map(function (s) {
      return row(lang === "en" ? s.name_en : s.name, s.waiting, "yellow detail",
                 (lang === "en" ? s.wait_en : s.wait) || "");
    });
    queue.push(row(T.waiting_total, f.waiting, "yellow compact-only"));
    queue.push(row(T.served_today, f.served, "green"));
    var page = figurePage("queue", T.waiting, queue, T.wait_heading);
    if (count > 1) {  // "ĐANG CHỜ 1/2": more services on the next page
      page.querySelector("h2").insertBefore(el("span", "page-of", " " + (index + 1) + "/" + count),
                                            page.querySelector("h2 small"));
    }
    return page;
  }

  function drawFigures(board) {
    // pages turned by turnFigures: the queue (in as many pages as its services need), the
    // open dossiers, the month's finished
    var f = board.figures, d = f.dossiers;
    var panel = $("figures");
    var fragment = document.createDocumentFragment();
    fragment.appendChild(queuePage(board, f.services, 0, 1));
    fragment.appendChild(figurePage("dossiers", T.dossiers, [
      row(T.open_within, d.open_within_time, "green detail"),
      row(T.open_overdue, d.open_overdue, d.open_overdue ? "red" : ""),
      row(T.open_no_deadline, d.open_no_deadline === null ? "—" : d.open_no_deadline,
          "muted detail"),
      row(T.on_time_rate, percent(d.on_time_rate), "yellow strong"),
    ]));
    fragment.appendChild(figurePage("month", T.month_finished.replace("{month}", board.month), [
      row(T.early, d.finished_early, "green"),
      row(T.on_time, d.finished_on_time, ""),
      row(T.late, d.finished_late, d.finished_late ? "red" : ""),
      row(T.on_time_rate, percent(d.on_time_rate), "yellow strong"),
    ]));
    var stale = d.source.stale || (d.source.stale_after &&
                                   Date.now() + state.clockOffset > Date.parse(d.source.stale_after));
    var source = el("p", "source" + (stale ? " source-old" : ""),
                    (stale ? "⚠ " + T.source_stale + " · " : "") +
                    (lang === "en" ? d.source_text_en : d.source_text));
    source.id = "figures-source";
    fragment.appendChild(source);
    panel.replaceChildren(fragment);
    state.figures = board;
    pageQueue();
  }

  function pageQueue() {
    // the services in as few pages as fit the panel at their size (never shrunk, never cut):
    // one more page at a time, the services shared evenly, until each page fits; beside many
    // counters (.many: totals only) one page
    var board = state.figures, panel = $("figures");
    if (!board) return;
    var services = board.figures.services, total = Math.max(services.length, 1);
    var many = $("board").classList.contains("many");
    var pages = [];
    for (var count = 1; count <= total; count++) {
      var per = Math.ceil(services.length / count);
      if (count > 1 && Math.ceil(services.length / per) !== count) continue; // 7 in 5: 2,2,2,1
      pages.forEach(function (page) { page.remove(); });
      pages = [];
      var next = panel.querySelector(".fig-page");
      for (var i = 0; i < count; i++) {
        var page = queuePage(board, services.slice(i * per, (i + 1) * per), i, count);
        panel.insertBefore(page, next);
        pages.push(page);
      }
      Array.prototype.forEach.call(panel.querySelectorAll(".fig-page.queue"), function (node) {
        if (pages.indexOf(node) < 0) node.remove();
      });
      if (many || count === total) break;
      var fits = pages.every(function (page) {
        Array.prototype.forEach.call(panel.querySelectorAll(".fig-page"), function (node) {
          node.classList.toggle("on", node === page);
        });
        fitNames();
        return !figuresOverflow();
      });
      if (fits) break;
    }
    showFigurePage();
  }

  function figuresOverflow() {
    var source = $("figures-source");
    return tooTall($("figures")) || (!!source && tooTall(source));
  }

  var figurePageIndex = 0;
  function showFigurePage() {
    var pages = document.querySelectorAll("#figures .fig-page");
    Array.prototype.forEach.call(pages, function (page, index) {
      page.classList.toggle("on", index === figurePageIndex % pages.length);
    });
    fitNames();
  }

  function fitNames() {
    // a service's name that wraps in less than 6em beside its wait and count ("Chứng / thực"
    // beside "Sắp đến lượt") is marked .stack (on a portrait TV its figures then go under
    // it: board.css) while the queue's page still fits; a long name takes up to three
    // lines, two when the page would not fit (its foot, the source line, is squeezed first:
    // then it overflows itself)
    var panel = $("figures");
    if (!panel.querySelector(".fig-page.queue.on")) return;
    var rows = Array.prototype.slice.call(panel.querySelectorAll(".fig-page.queue.on .row.detail"));
    var overflows = figuresOverflow;
    var stack = function (row, on) { row.classList.toggle("stack", on); };
    panel.classList.remove("tight");
    rows.forEach(function (row) { stack(row, false); });
    rows.filter(function (row) {
      var name = row.querySelector("dt"), style = getComputedStyle(name);
      var text = name.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      var wraps = text > 1.5 * parseFloat(style.lineHeight);
      return wraps && name.clientWidth < 6 * parseFloat(style.fontSize);
    }).forEach(function (row) { stack(row, true); });
    if (overflows()) rows.forEach(function (row) { stack(row, false); });
    if (overflows()) panel.classList.add("tight");
  }
  setInterval(function () { figurePageIndex += 1; showFigurePage(); }, 7000);
  window.boardShowCalling = function (call) { showCalling(call); }; // for tests
  window.boardFigures = {
    show: function (index) { figurePageIndex = index; showFigurePage(); },
    count: function () { return document.querySelectorAll("#figures .fig-page").length; },
  };

  function drawBoard(message) {
    var board = message.board;
    state.clockOffset = message.now - Date.now();
    $("site-name").textContent = board.site.name.toUpperCase();
    drawGrid(board.counters);
    drawRecent(board.recent);
    drawFigures(board);
    drawVoice(message.voice);
    fitText();
    state.serverStale = !!board.stale;
    showStale();
  }

  function drawVoice(voice) {
    var mark = $("voice-mark");
    mark.hidden = !!voice.on;
    if (!voice.on) mark.textContent = T.no_sound.replace("{reason}", voice.reason);
    sound.enabled = !!voice.on;
  }

  /* ---------------------------------------------------------------- calls */
  var announced = {};
  var callingTimer = null;

  function onCall(call) {
    var key = call.ticket + "|" + call.counter + "|" + call.at;
    if (announced[key]) return; // never twice
    announced[key] = true;
    var until = Date.now() + config.highlight_seconds * 1000;
    var tile = document.querySelector('.tile[data-counter="' + call.counter + '"]');
    if (tile) {
      tile.classList.remove("lit");
      void tile.offsetWidth; // restart the blink
      tile.classList.add("lit");
      tile.dataset.litUntil = until;
    }
    // the banner shows the call being heard: when its sound starts (at once when silent)
    if (call.audio && sound.enabled) {
      sound.enqueue(call.audio, call);
      if (sound.blocked) showCalling(call); // no sound until someone touches the page
    } else {
      showCalling(call);
    }
  }

  function showCalling(call) {
    // beside many counters: over the half of the grid away from the called tile
    var tile = document.querySelector('.tile[data-counter="' + call.counter + '"]');
    var grid = $("grid").getBoundingClientRect();
    var box = tile ? tile.getBoundingClientRect() : null;
    $("calling").classList.toggle("top", !!box && (box.top + box.bottom) / 2 > (grid.top + grid.bottom) / 2);
    $("calling-number").textContent = call.ticket;
    $("calling-counter").textContent = call.counter;
    $("calling").hidden = false;
    clearTimeout(callingTimer);
    callingTimer = setTimeout(function () { $("calling").hidden = true; },
                              Math.min(config.highlight_seconds, 5) * 1000);
  }

  setInterval(function () {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll(".tile.lit"), function (node) {
      if (Number(node.dataset.litUntil || 0) <= now) node.classList.remove("lit");
    });
  }, 500);

  /* ---------------------------------------------------------------- sound */
  var sound = {
    enabled: !!config.voice.on,
    queue: [],      // {url, at}
    playing: false,
    blocked: false,
    started: [],    // the URLs started, in order (tests read it)
    played: [],     // the URLs played to their end (or failed), in order
    rush: false,    // calls waited behind the one being said: short calls until the queue empties
    SAFETY_MAX: 100,
    STALE_MS: 120000, // a call queued this long (sound blocked meanwhile) is not spoken any more

    enqueue: function (url, call) {
      if (!this.enabled) return;
      var item = { url: url, at: Date.now(), call: call || null };
      // a counter's newer call replaces its call still waiting, in its place
      for (var i = 0; i < this.queue.length; i++) {
        if (call && this.queue[i].call && String(this.queue[i].call.counter) === String(call.counter)) {
          this.queue[i] = item;
          this.pump();
          return;
        }
      }
      this.queue.push(item);
      while (this.queue.length > this.SAFETY_MAX) this.queue.shift();
      this.pump();
    },

    pump: function () {
      var self = this;
      if (self.playing || self.blocked) return;
      var now = Date.now();
      while (self.queue.length && now - self.queue[0].at > self.STALE_MS) self.queue.shift();
      if (!self.queue.length) { self.rush = false; return; }
      var item = self.queue.shift();
      // with calls waiting, each is said short ("A mười hai, quầy ba", no chime) and faster
      if (self.queue.length >= 1) self.rush = true;
      var url = self.rush ? item.url + "?short=1&waiting=" + self.queue.length : item.url;
      if (item.call) showCalling(item.call);
      var audio = new Audio(url);
      var finished = false;
      var guard = null;
      self.playing = true;
      function done() {
        if (finished) return;
        finished = true;
        clearTimeout(guard);
        self.playing = false;
        self.played.push(item.url);
        self.pump();
      }
      audio.addEventListener("ended", done);
      audio.addEventListener("error", done);
      audio.addEventListener("loadedmetadata", function () {
        clearTimeout(guard);
        guard = setTimeout(done, (audio.duration || 10) * 1000 + 5000);
      });
      guard = setTimeout(done, 30000);
      var started = audio.play();
      if (started && started.then) {
        started.then(function () { self.started.push(item.url); }, function (error) {
          if (finished) return;
          if (error && error.name === "NotAllowedError") {
            finished = true;
            clearTimeout(guard);
            self.playing = false;
            self.blocked = true;
            self.queue.unshift(item);
            $("sound").hidden = false;
          } else {
            done();
          }
        });
      }
    },

    unblock: function () {
      this.blocked = false;
      $("sound").hidden = true;
      if (!this.queue.length && config.chime) {
        var test = new Audio(config.chime); // the chime says the sound is on
        test.play().catch(function () {});
      }
      this.pump();
    },
  };
  window.boardSound = sound;
  $("sound").addEventListener("click", function () { sound.unblock(); });

  (function checkAutoplay() {
    // a suspended AudioContext at load means the browser waits for a touch before any sound
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context || !sound.enabled) return;
    try {
      var context = new Context();
      if (context.state === "suspended") {
        sound.blocked = true;
        $("sound").hidden = false;
      }
      if (context.close) context.close();
    } catch (error) { /* no audio at all: calls are shown only */ }
  })();

  /* ---------------------------------------------------------------- the stream */
  function showStale() {
    var stale = !state.connected || state.serverStale;
    $("stale").hidden = !stale;
    document.body.classList.toggle("is-stale", stale);
  }

  function connect() {
    clearTimeout(state.retryTimer);
    if (state.source) state.source.close();
    var url = config.events;
    if (state.mark) url += (url.indexOf("?") < 0 ? "?" : "&") + "since=" + encodeURIComponent(state.mark);
    var source = new EventSource(url);
    state.source = source;
    state.lastMessage = Date.now();
    function seen(event) {
      state.lastMessage = Date.now();
      if (event.lastEventId) state.mark = event.lastEventId;
    }
    source.addEventListener("board", function (event) {
      seen(event);
      state.connected = true;
      state.retryMs = 1500;
      var message = JSON.parse(event.data);
      if (message.board && message.board.announcements) {
        config.announcements = message.board.announcements;  // set in the console: live
      }
      drawBoard(message);
    });
    source.addEventListener("call", function (event) {
      seen(event);
      onCall(JSON.parse(event.data));
    });
    source.addEventListener("ping", function (event) {
      seen(event);
      state.clockOffset = JSON.parse(event.data).now - Date.now();
    });
    source.addEventListener("stale", function (event) {
      state.lastMessage = Date.now();
      state.serverStale = true;
      showStale();
    });
    source.onerror = function () {
      state.connected = false;
      showStale();
      if (source.readyState === EventSource.CLOSED) {
        // the server answered with an error (e.g. restarting): try again ourselves
        state.retryTimer = setTimeout(connect, state.retryMs);
        state.retryMs = Math.min(state.retryMs * 2, 15000);
      }
    };
  }

  setInterval(function () {
    // no ping for a while: the connection is dead without an error (a TV's Wi-Fi)
    if (Date.now() - state.lastMessage > WATCHDOG_MS) {
      state.connected = false;
      showStale();
      connect();
    }
  }, 5000);

  /* ---------------------------------------------------------------- ticker and clock */
  var announcementIndex = 0;
  function showAnnouncement() {
    var box = $("announcement"), text = $("announcement-text");
    var list = config.announcements;
    if (!list.length) { text.textContent = ""; return; }
    text.textContent = list[announcementIndex % list.length];
    box.classList.remove("scroll");
    var overflow = text.scrollWidth > box.clientWidth;
    var seconds = 12;
    if (overflow) {
      seconds = Math.max(12, (text.scrollWidth + box.clientWidth) / (box.clientHeight * 2.5));
      box.style.setProperty("--scroll-s", seconds + "s");
      box.classList.add("scroll");
    }
    announcementIndex++;
    setTimeout(showAnnouncement, seconds * 1000);
  }

  var clockFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", second: "2-digit",
    weekday: "short", day: "numeric", month: "numeric", year: "numeric", hour12: false,
  });
  var WEEKDAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

  function tick() {
    var parts = {};
    clockFormat.formatToParts(new Date(Date.now() + state.clockOffset)).forEach(function (p) {
      parts[p.type] = p.value;
    });
    $("clock").textContent = parts.hour + ":" + parts.minute + ":" + parts.second;
    var pad = function (v) { return ("0" + v).slice(-2); };
    var date = T.date.replace("{weekday}", T["weekday_" + WEEKDAYS[parts.weekday]])
      .replace("{day}", pad(parts.day)).replace("{month}", pad(parts.month))
      .replace("{year}", parts.year);
    $("date").textContent = date;
    $("date-top").textContent = date; // portrait: in the header (board.css)
  }

  /* ---------------------------------------------------------------- start */
  window.addEventListener("resize", layout);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(layout);
  layout();
  tick();
  setInterval(tick, 1000);
  showAnnouncement();
  showStale();
  connect();
})();
