/* Zielwerkstatt live client, shared by phones, moderator console and screen. ES2017, no deps
   beyond the vendored socket.io client (load static/vendor/socket.io/socket.io.min.js first).

   window.ZW.api(method, url, body) -> Promise<{ok, status, data}>
     fetch with JSON body (if given), same-origin credentials and the X-CSRFToken header from
     <meta name="csrf-token">. Never rejects on HTTP errors: check .ok / .status; data is the
     parsed JSON (or null). A network failure resolves to {ok: false, status: 0, data: null}.

   window.ZW.live(namespace, auth, handlers) -> socket
     io(namespace, {auth, transports: ['websocket', 'polling']}). Server events call the handler
     of the same name: snapshot, phase, round, proposal, tally, presence, workshop (data).
     Tracks the last `version`: a snapshot resets it; an event whose version jumps by more than 1
     calls handlers.resync() (default: none), older events are still delivered (handlers may
     ignore them via data.version). Shows the element #connection-banner (.status-banner) while
     disconnected and calls handlers.connection('online' | 'offline').
     The returned socket has .lastVersion() for callers that refetch state themselves.

   window.ZW.t(key) -> a translated string from <meta name="zw-i18n" content='{"key": "…"}'>. */
(function () {
  'use strict';
  var EVENTS = ['snapshot', 'phase', 'round', 'proposal', 'tally', 'presence', 'workshop'];

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
  function t(key) {
    if (strings === null) {
      var meta = document.querySelector('meta[name="zw-i18n"]');
      try { strings = meta ? JSON.parse(meta.getAttribute('content')) : {}; } catch (e) { strings = {}; }
    }
    return strings[key] || key;
  }

  function live(namespace, auth, handlers) {
    handlers = handlers || {};
    var version = null;
    var banner = document.getElementById('connection-banner');
    var socket = window.io(namespace, {auth: auth, transports: ['websocket', 'polling']});

    function connection(state) {
      if (banner) { banner.hidden = state === 'online'; }
      if (handlers.connection) { handlers.connection(state); }
    }

    EVENTS.forEach(function (name) {
      socket.on(name, function (data) {
        var incoming = data && typeof data.version === 'number' ? data.version : null;
        if (name === 'snapshot') {
          version = incoming;
        } else if (incoming !== null) {
          if (version !== null && incoming > version + 1 && handlers.resync) {
            version = incoming;
            if (handlers[name]) { handlers[name](data); }
            handlers.resync();
            return;
          }
          if (version === null || incoming > version) { version = incoming; }
        }
        if (handlers[name]) { handlers[name](data); }
      });
    });
    socket.on('connect', function () { connection('online'); });
    socket.on('disconnect', function () { connection('offline'); });
    socket.on('connect_error', function () { connection('offline'); });
    socket.lastVersion = function () { return version; };
    return socket;
  }

  window.ZW = {api: api, live: live, t: t};
}());
