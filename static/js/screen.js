/* Projector screen: follows the room by refetching the server-rendered panel on every live
   event (one rendering path, text escaped by the server), and counts the timer down locally.
   ES2017, no dependencies beyond live.js. */
(function () {
  'use strict';
  var root = document.getElementById('screen');
  if (!root || !window.ZW) { return; }
  var panelUrl = root.getAttribute('data-panel-url');
  var timer = document.getElementById('screen-timer');
  var MIN_GAP = 250;  // ms between refetches: tallies arrive coalesced, the panel needs no more
  var inflight = false, pending = false, last = 0;

  function ids(node) {
    var seen = {};
    Array.prototype.forEach.call(node.querySelectorAll('.wall-card[data-proposal]'), function (card) {
      seen[card.getAttribute('data-proposal')] = true;
    });
    return seen;
  }

  function apply(panel) {
    var old = document.getElementById('panel');
    var before = old ? ids(old) : {};
    Array.prototype.forEach.call(panel.querySelectorAll('.wall-card[data-proposal]'), function (card) {
      if (old && !before[card.getAttribute('data-proposal')]) { card.classList.add('is-new'); }
    });
    if (old) { old.replaceWith(panel); } else { document.getElementById('screen-panel').appendChild(panel); }
    document.documentElement.setAttribute('data-theme', panel.getAttribute('data-theme') || 'dark');
    timer.setAttribute('data-ends', panel.getAttribute('data-timer-ends') || '');
    tick();
  }

  function refresh() {
    if (inflight) { pending = true; return; }
    var wait = MIN_GAP - (Date.now() - last);
    if (wait > 0) { inflight = true; setTimeout(function () { inflight = false; refresh(); }, wait); return; }
    inflight = true;
    last = Date.now();
    fetch(panelUrl, {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html) {
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var panel = doc.getElementById('panel');
          if (panel) { apply(document.importNode(panel, true)); }
        }
      })
      .catch(function () { /* the next event or reconnect refetches */ })
      .then(function () {
        inflight = false;
        if (pending) { pending = false; refresh(); }
      });
  }

  function tick() {
    var ends = timer.getAttribute('data-ends');
    if (!ends) { timer.hidden = true; return; }
    var left = Math.max(0, Math.round((Date.parse(ends) - Date.now()) / 1000));
    var seconds = left % 60;
    timer.textContent = Math.floor(left / 60) + ':' + (seconds < 10 ? '0' : '') + seconds;
    timer.classList.toggle('timer-warning', left < 60);
    timer.hidden = false;
  }

  var handlers = {resync: refresh};
  ['snapshot', 'phase', 'round', 'proposal', 'tally', 'presence', 'workshop'].forEach(function (name) {
    handlers[name] = refresh;
  });
  window.ZW.live('/screen', {token: root.getAttribute('data-token')}, handlers);
  setInterval(tick, 1000);
  tick();
}());
