/* Zielwerkstatt live client, shared by phones, moderator console and screen. ES2017, no deps
   beyond the vendored socket.io client (load static/vendor/socket.io/socket.io.min.js first).
   Clients draw what is pushed (DESIGN §3): they fetch over HTTP only for their own actions,
   after a version gap (one JSON state fetch), never because a broadcast arrived.

   window.ZW.api(method, url, body) -> Promise<{ok, status, data}>
     fetch with JSON body (if given), same-origin credentials and the X-CSRFToken header from
     <meta name="csrf-token">. Never rejects on HTTP errors: check .ok / .status; data is the
     parsed JSON (or null). A network failure resolves to {ok: false, status: 0, data: null}.

   window.ZW.t(key) -> a translated string from <meta name="zw-i18n" content='{"key": "…"}'>.
   window.ZW.t(key, {name: value}) also replaces %(name)s in it.

   window.ZW.render — <template> cloning; the server renders each card/row/control once as a
   <template> with the same Jinja macro the no-JS page uses; the JS fills it with textContent and
   setAttribute only (never parsing data as markup):
     ZW.render.make(templateId, data) -> Element   clone the template's first element, then fill
     ZW.render.fill(element, data) -> element      fill an element (and its descendants):
        [data-field="key"]        textContent = data[key] (null/undefined -> '')
        [data-attr="attr:key;…"]  setAttribute(attr, data[key]) ('' for null); attr "hidden",
                                  "checked", "disabled", "selected" are boolean properties
        [data-if="key"]           removed unless data[key] is truthy; "!key" the reverse;
                                  "key=value" removed unless String(data[key]) === "value"
        keys may be dotted paths ("round.budget"); the element itself is filled too.
     ZW.render.list(container, items, templateId, keyOf) -> container
        replaces the container's children with one made element per item (data-key=keyOf(item)).
     ZW.render.replace(id, element) -> element     swaps #id for element (element gets that id).
     ZW.render.text(element) -> normalised visible text (whitespace collapsed; hidden skipped).

   window.ZW.countdown(element, {hideWhenIdle}) -> {set(isoOrNull), tick()}
     Counts down to the ISO time in element's data-ends ("m:ss", class timer-warning under one
     minute), once a second. set() changes the end time (null/'' stops; hides the element when
     hideWhenIdle).

   window.ZW.live(namespace, auth, handlers, options) -> socket
     io(namespace, {auth, transports: ['websocket', 'polling']}). Server events call the handler
     of the same name: snapshot, phase, round, proposal, tally, presence, workshop (data), after
     the version rules below; handlers.connection('online' | 'offline') on (dis)connects; the
     element #connection-banner (.status-banner) is shown while disconnected.
     options.stateUrl: the JSON state endpoint of this audience (participant:
       /api/v1/workshops/<code>/state). On a gap ZW.live GETs it ONCE (one request in flight at a
       time) and hands the answer to handlers.snapshot(data) exactly like a pushed snapshot.
       Without stateUrl, handlers.resync() is called instead (the caller fetches; call
       socket.applySnapshot(data) with the answer so the rules below stay right).
     options.graceMs (default 2000): how long a tally/presence that names a newer workshop
       version may wait for the event that carries that version before it counts as a gap.
     Version rules (V = the newest workshop version applied):
       - snapshot (pushed on every (re)connect, or fetched on a gap): always applied, V = its
         version. Events with version <= V that arrive later are dropped (the snapshot holds them).
       - phase, round, workshop, proposal: dropped if version < V, or if version == V and the same
         event (name + id/round_id) was already applied at V (duplicates); several different events
         may share one version. A gap is version > V + 1, unless the event names `since` (the
         version before a coalesced burst, e.g. `proposal`) and since <= V. On a gap the event is
         still handed over at once (fast), the state is fetched, and events arriving while the
         fetch is in flight are replayed after it by the same rules.
       - tally: ordered per round_id by (version, seq); an older or equal one is dropped. Tallies
         do not move V (ballots do not bump the workshop version); one naming a version > V arms a
         grace timer, and if V has not reached it by then, that is a gap.
       - presence: the newest by version wins; older ones are dropped; does not move V.
     The returned socket also has:
       .lastVersion()         V (null before the first snapshot)
       .receive(name, data)   run an event through the rules above as if the server had sent it
                              (tests inject dropped/duplicated/reordered events this way)
       .applySnapshot(data)   apply a state fetched by the caller
       .resync()              fetch the state now (same single-flight rule)
       .stats                 {delivered, dropped, resyncs} counters, for tests */
(function () {
  'use strict';
  var EVENTS = ['snapshot', 'phase', 'round', 'proposal', 'tally', 'presence', 'workshop',
                'tables', 'seat'];  // tables: the room's tables; seat: this phone's own (personal)

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function api(method, url, body) {
    var options = {method: method, credentials: 'same-origin',
                   headers: {'Accept': 'application/json', 'X-CSRFToken': csrf()}};
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        return {ok: response.ok, status: response.status, data: data};
      });
    }, function () { return {ok: false, status: 0, data: null}; });
  }

  var strings = null;
  function t(key, params) {
    if (strings === null) {
      var meta = document.querySelector('meta[name="zw-i18n"]');
      try { strings = meta ? JSON.parse(meta.getAttribute('content')) : {}; } catch (e) { strings = {}; }
    }
    var text = strings[key] || key;
    if (params) {
      text = text.replace(/%\((\w+)\)s/g, function (all, name) {
        return params[name] === undefined || params[name] === null ? '' : String(params[name]);
      });
    }
    return text;
  }

  /* --- rendering from <template> elements --- */
  function lookup(data, key) {
    var value = data;
    key.split('.').forEach(function (part) {
      value = value === null || value === undefined ? undefined : value[part];
    });
    return value;
  }

  var BOOLEAN_ATTRS = {hidden: true, checked: true, disabled: true, selected: true};

  function matches(data, spec) {
    var negate = spec.charAt(0) === '!';
    if (negate) { spec = spec.slice(1); }
    var eq = spec.indexOf('='), ok;
    if (eq >= 0) {
      var value = lookup(data, spec.slice(0, eq));
      ok = value !== null && value !== undefined && String(value) === spec.slice(eq + 1);
    } else {
      ok = !!lookup(data, spec);
    }
    return negate ? !ok : ok;
  }

  function all(element, selector) {
    var found = Array.prototype.slice.call(element.querySelectorAll(selector));
    if (element.matches && element.matches(selector)) { found.unshift(element); }
    return found;
  }

  function fill(element, data) {
    data = data || {};
    // Conditions first (outermost first), so removed parts are not filled.
    all(element, '[data-if]').forEach(function (node) {
      if (node !== element && !element.contains(node)) { return; }
      if (!matches(data, node.getAttribute('data-if'))) {
        if (node === element) { element.hidden = true; } else { node.remove(); }
      }
      node.removeAttribute('data-if');
    });
    all(element, '[data-field]').forEach(function (node) {
      var value = lookup(data, node.getAttribute('data-field'));
      node.textContent = value === null || value === undefined ? '' : String(value);
      node.removeAttribute('data-field');
    });
    all(element, '[data-attr]').forEach(function (node) {
      node.getAttribute('data-attr').split(';').forEach(function (pair) {
        var parts = pair.split(':');
        if (parts.length < 2) { return; }
        var name = parts[0].trim(), value = lookup(data, parts[1].trim());
        if (BOOLEAN_ATTRS[name]) {
          node[name] = !!value;
          if (value) { node.setAttribute(name, ''); } else { node.removeAttribute(name); }
        } else {
          node.setAttribute(name, value === null || value === undefined ? '' : String(value));
        }
      });
      node.removeAttribute('data-attr');
    });
    return element;
  }

  function make(templateId, data) {
    var template = document.getElementById(templateId);
    if (!template) { throw new Error('no template #' + templateId); }
    var element = template.content.firstElementChild.cloneNode(true);
    return fill(element, data);
  }

  function list(container, items, templateId, keyOf) {
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) {
      var element = make(templateId, item);
      if (keyOf) { element.setAttribute('data-key', String(keyOf(item))); }
      fragment.appendChild(element);
    });
    container.textContent = '';
    container.appendChild(fragment);
    return container;
  }

  function replace(id, element) {
    var old = document.getElementById(id);
    element.id = id;
    if (old) { old.replaceWith(element); }
    return element;
  }

  function text(element) {
    if (!element) { return ''; }
    var value = element.innerText !== undefined ? element.innerText : element.textContent;
    return String(value).replace(/\s+/g, ' ').trim();
  }

  /* --- the countdown (screen, console, phones) --- */
  var countdowns = [];
  function countdown(element, options) {
    options = options || {};
    function tick() {
      var ends = element.getAttribute('data-ends');
      if (!ends) {
        if (options.hideWhenIdle) { element.hidden = true; }
        return;
      }
      var left = Math.max(0, Math.round((Date.parse(ends) - Date.now()) / 1000));
      var seconds = left % 60;
      element.textContent = Math.floor(left / 60) + ':' + (seconds < 10 ? '0' : '') + seconds;
      element.classList.toggle('timer-warning', left < 60);
      element.hidden = false;
    }
    function set(ends) {
      element.setAttribute('data-ends', ends || '');
      tick();
    }
    if (!countdowns.length) {
      setInterval(function () { countdowns.forEach(function (c) { c.tick(); }); }, 1000);
    }
    var handle = {set: set, tick: tick, element: element};
    countdowns.push(handle);
    tick();
    return handle;
  }

  /* --- the live connection and its version rules --- */
  function live(namespace, auth, handlers, options) {
    handlers = handlers || {};
    options = options || {};
    var graceMs = options.graceMs === undefined ? 2000 : options.graceMs;
    var version = null;       // V
    var coveredAll = false;   // V came from a snapshot: every event <= V is in it
    var seenAtV = {};         // keys of events applied at version V
    var tallies = {};         // round id -> [version, seq]
    var presenceVersion = null;
    var fetching = false, queued = [], graceTimer = null, ahead = null;
    var stats = {delivered: 0, dropped: 0, resyncs: 0};
    var banner = document.getElementById('connection-banner');
    var socket = window.io(namespace, {auth: auth, transports: ['websocket', 'polling']});

    function connection(state) {
      if (banner) { banner.hidden = state === 'online'; }
      if (handlers.connection) { handlers.connection(state); }
    }

    function deliver(name, data) {
      stats.delivered += 1;
      if (handlers[name]) { handlers[name](data); }
    }

    function keyOf(name, data) {
      var id = data.id !== undefined ? data.id : (data.round_id !== undefined ? data.round_id : '');
      return name + ':' + id;
    }

    function resync() {
      if (fetching) { return; }
      stats.resyncs += 1;
      var url = typeof options.stateUrl === 'function' ? options.stateUrl() : options.stateUrl;
      if (!url) {
        if (handlers.resync) { handlers.resync(); }
        return;
      }
      fetching = true;
      api('GET', url).then(function (res) {
        fetching = false;
        if (res.ok && res.data) {
          applySnapshot(res.data);
        } else {
          queued = [];  // the next (re)connect brings a snapshot
        }
      });
    }

    function applySnapshot(data) {
      var incoming = data && typeof data.version === 'number' ? data.version : null;
      version = incoming;
      coveredAll = true;
      seenAtV = {};
      tallies = {};
      if (ahead !== null && version !== null && version >= ahead) { clearTimeout(graceTimer); ahead = null; }
      deliver('snapshot', data);
      var replay = queued;
      queued = [];
      replay.forEach(function (item) { receive(item[0], item[1]); });
    }

    function armGrace(wanted) {
      if (ahead !== null && ahead >= wanted) { return; }
      ahead = wanted;
      clearTimeout(graceTimer);
      graceTimer = setTimeout(function () {
        if (ahead !== null && (version === null || version < ahead)) { resync(); }
        ahead = null;
      }, graceMs);
    }

    function receive(name, data) {
      if (name === 'snapshot') { fetching = false; queued = []; applySnapshot(data); return; }
      data = data || {};
      var incoming = typeof data.version === 'number' ? data.version : null;
      if (name === 'tally') {
        var seq = typeof data.seq === 'number' ? data.seq : -1;
        var last = tallies[data.round_id];
        if (incoming !== null && last && (incoming < last[0] || (incoming === last[0] && seq <= last[1]))) {
          stats.dropped += 1;
          return;
        }
        if (incoming !== null) { tallies[data.round_id] = [incoming, seq]; }
        if (incoming !== null && version !== null && incoming > version) { armGrace(incoming); }
        deliver(name, data);
        return;
      }
      if (name === 'presence') {
        if (incoming !== null && presenceVersion !== null && incoming < presenceVersion) {
          stats.dropped += 1;
          return;
        }
        presenceVersion = incoming;
        deliver(name, data);
        return;
      }
      if (incoming === null || version === null) { deliver(name, data); return; }
      if (fetching) { queued.push([name, data]); }
      var key = keyOf(name, data);
      if (incoming < version || (incoming === version && (coveredAll || seenAtV[key]))) {
        stats.dropped += 1;
        return;
      }
      var since = typeof data.since === 'number' ? data.since : incoming - 1;
      var gap = incoming > version + 1 && since > version;
      if (incoming > version) {
        version = incoming;
        coveredAll = false;
        seenAtV = {};
        if (ahead !== null && version >= ahead) { clearTimeout(graceTimer); ahead = null; }
      }
      seenAtV[key] = true;
      deliver(name, data);
      if (gap) { resync(); }
    }

    EVENTS.forEach(function (name) {
      socket.on(name, function (data) { receive(name, data); });
    });
    socket.on('connect', function () { connection('online'); });
    socket.on('disconnect', function () { connection('offline'); });
    socket.on('connect_error', function () { connection('offline'); });
    socket.lastVersion = function () { return version; };
    socket.receive = receive;
    socket.applySnapshot = applySnapshot;
    socket.resync = resync;
    socket.stats = stats;
    return socket;
  }

  /* Numbers as the server's `decimal` and `percent` filters write them (Babel rounds half to
     even): ZW.numbers(lang).decimal(value, minFraction) with at most two decimals ('' for
     none), .percent(share) for a share of 1. One definition for phone, screen and console. */
  function numbers(lang) {
    var tag = (lang || 'en').replace('_', '-'), formats = {};
    function format(min, max) {
      var key = min + ':' + max;
      return formats[key] || (formats[key] = new Intl.NumberFormat(
        tag, {minimumFractionDigits: min, maximumFractionDigits: max}));
    }
    function halfEven(value, digits) {
      var scale = Math.pow(10, digits), scaled = value * scale, floor = Math.floor(scaled);
      if (Math.abs(scaled - floor - 0.5) < 1e-9) { return (floor % 2 === 0 ? floor : floor + 1) / scale; }
      return Math.round(scaled) / scale;
    }
    return {
      decimal: function (value, minFraction) {
        if (value === null || value === undefined) { return ''; }
        return format(minFraction || 0, 2).format(halfEven(value, 2));
      },
      percent: function (value) { return format(0, 0).format(halfEven((value || 0) * 100, 0)) + ' %'; }
    };
  }

  window.ZW = {api: api, live: live, t: t, countdown: countdown, numbers: numbers,
               render: {make: make, fill: fill, list: list, replace: replace, text: text}};
}());
