/* Moderator console: live refresh of the monitor, rounds and proposals, keyboard shortcuts and
   the timer countdown. Every action stays a plain form POST; this only adds speed and liveness.
   Shortcuts (documented on the page): N next phase, O open/close round, S spotlight, T timer. */
(function () {
  'use strict';
  var root = document.getElementById('console');
  if (!root || !window.ZW) { return; }
  var liveUrl = root.getAttribute('data-live-url');
  var inflight = false, pending = false, stale = {};

  function replaceRegions(doc) {
    Array.prototype.forEach.call(doc.querySelectorAll('[data-live-region]'), function (fresh) {
      var old = document.getElementById(fresh.id);
      if (!old) { return; }
      // Never pull a form away from under the moderator's hands: refresh when they leave it.
      if (old.contains(document.activeElement) && document.activeElement !== document.body ||
          old.querySelector('details[open]')) {
        stale[fresh.id] = true;
        return;
      }
      old.replaceWith(document.importNode(fresh, true));
    });
  }

  function refresh() {
    if (inflight) { pending = true; return; }
    inflight = true;
    fetch(liveUrl, {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html) { replaceRegions(new DOMParser().parseFromString(html, 'text/html')); }
      })
      .catch(function () {})
      .then(function () {
        inflight = false;
        if (pending) { pending = false; setTimeout(refresh, 200); }
      });
  }

  document.addEventListener('focusout', function () {
    setTimeout(function () {
      var ids = Object.keys(stale);
      if (ids.length) { stale = {}; refresh(); }
    }, 50);
  });

  function typing(target) {
    var tag = target && target.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (target && target.isContentEditable);
  }

  function press(selector) {
    var button = document.querySelector(selector);
    if (!button) { return false; }
    button.click();
    return true;
  }

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = (event.key || '').toLowerCase();
    var done = false;
    if (key === 's') {
      var item = document.activeElement && document.activeElement.closest &&
        document.activeElement.closest('[data-proposal]');
      var own = item && item.querySelector('[data-spotlight]');
      done = own ? (own.click(), true) : press('[data-shortcut="s"]');
    } else if (key === 'n' || key === 'o' || key === 't') {
      done = press('[data-shortcut="' + key + '"]');
    }
    if (done) { event.preventDefault(); }
  });

  var timer = document.getElementById('console-timer');
  function tick() {
    var ends = timer && timer.getAttribute('data-ends');
    if (!ends) { return; }
    var left = Math.max(0, Math.round((Date.parse(ends) - Date.now()) / 1000));
    var seconds = left % 60;
    timer.textContent = Math.floor(left / 60) + ':' + (seconds < 10 ? '0' : '') + seconds;
    timer.classList.toggle('timer-warning', left < 60);
  }
  setInterval(tick, 1000);

  var handlers = {resync: refresh};
  ['proposal', 'round', 'tally', 'presence'].forEach(function (name) { handlers[name] = refresh; });
  handlers.phase = function () { window.location.reload(); };
  handlers.workshop = function (data) {
    if (timer && data && 'timer_ends_at' in data) { timer.setAttribute('data-ends', data.timer_ends_at || ''); tick(); }
  };
  window.ZW.live('/moderator', {workshop: root.getAttribute('data-code')}, handlers);
  var error = document.getElementById('console-error');
  if (error) { error.focus(); }
}());
