/* Participant page enhancements (progressive: every form also works without this file).
   - follows the room live (ZW.live): phase/round changes re-render the page's sections from the
     server, new published proposals are added to the list in place;
   - saves the whole ballot on every change through the JSON API, shows "saved", retries a change
     made while offline (PUT of the whole ballot is idempotent, so it counts exactly once);
   - shows up to three similar proposals while the title is typed. */
(function () {
  'use strict';
  var root = document.getElementById('live');
  if (!root || !window.ZW) { return; }
  var code = root.getAttribute('data-code');
  var saving = false, dirty = false, retryTimer = null, refreshQueued = false, similarTimer = null;

  function $(id) { return document.getElementById(id); }
  function form() { return $('ballot-form'); }

  function status(text, isError) {
    var el = $('ballot-status');
    if (!el) { return; }
    el.textContent = text;
    el.hidden = false;
    el.className = isError ? 'error-text' : 'saved-indicator';
  }

  /* --- re-render from the server (rare events: phase, round, workshop, version gaps) --- */
  function refresh() {
    if (saving) { refreshQueued = true; return; }
    fetch(location.pathname, {credentials: 'same-origin'}).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (!html) { return; }
      var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('live');
      var current = $('live');
      if (!fresh || !current) { return; }
      var propose = $('propose'), title = $('title');
      var typing = propose && title && (title.value || propose.contains(document.activeElement));
      var freshPropose = fresh.querySelector('#propose');
      if (typing && freshPropose) { freshPropose.replaceWith(propose); }
      current.replaceWith(fresh);
      root = fresh;
    }).catch(function () {});
  }

  /* --- the published list, updated in place --- */
  function onProposal(p) {
    var list = $('published-list');
    if (!list || !p || !p.id) { return; }
    var existing = list.querySelector('[data-id="' + p.id + '"]');
    if (p.state !== 'published') {
      if (existing) { existing.remove(); }
    } else {
      var item = existing || document.createElement('li');
      item.className = 'proposal-item';
      item.setAttribute('data-id', p.id);
      item.textContent = '';
      var title = document.createElement('p'), bdi = document.createElement('bdi');
      bdi.textContent = p.title;
      title.appendChild(bdi);
      item.appendChild(title);
      var fields = {};
      try { fields = JSON.parse(list.getAttribute('data-fields') || '{}'); } catch (e) {}
      if (p.field && fields[p.field]) {
        var field = document.createElement('p');
        field.className = 'muted';
        field.textContent = fields[p.field];
        item.appendChild(field);
      }
      if (!existing) { list.appendChild(item); }
      var empty = $('published-empty');
      if (empty) { empty.remove(); }
    }
    var count = $('published-count');
    if (count) { count.textContent = list.children.length; }
  }

  /* --- the ballot --- */
  function collect(f) {
    var votes = {};
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.name.indexOf('v-') !== 0) { return; }
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) { return; }
      var value = parseInt(el.value, 10);
      if (!isNaN(value)) { votes[el.name.slice(2)] = value; }
    });
    return votes;
  }

  function save() {
    var f = form();
    if (!f) { return; }
    if (saving) { dirty = true; return; }
    saving = true; dirty = false;
    clearTimeout(retryTimer);
    status(ZW.t('saving'));
    var url = '/api/v1/rounds/' + f.getAttribute('data-round') + '/ballot';
    ZW.api('PUT', url, {votes: collect(f)}).then(function (res) {
      saving = false;
      if (res.ok) {
        if (dirty) { save(); return; }
        status(ZW.t('saved'));
        var remaining = $('remaining');
        if (remaining && res.data && res.data.remaining !== null) { remaining.textContent = res.data.remaining; }
      } else if (res.status === 0) {
        dirty = true;  // keep the latest ballot and send it again when the connection is back
        status(ZW.t('retry'), true);
        retryTimer = setTimeout(save, 4000);
        return;
      } else {
        status((res.data && res.data.error && res.data.error.message) || ZW.t('error'), true);
        refresh();  // show what is really stored
      }
      if (refreshQueued) { refreshQueued = false; refresh(); }
    });
  }

  function step(button) {
    var f = form(), parts = button.value.split(':');
    var input = f.elements['v-' + parts[0]];
    var budget = parseInt(f.getAttribute('data-budget'), 10);
    var max = parseInt(f.getAttribute('data-max'), 10);
    var votes = collect(f), used = 0;
    Object.keys(votes).forEach(function (k) { used += votes[k]; });
    var value = parseInt(input.value, 10) + (parts[1] === '+1' ? 1 : -1);
    if (value < 0 || value > max || (parts[1] === '+1' && used >= budget)) { return; }
    input.value = value;
    used += parts[1] === '+1' ? 1 : -1;
    $('value-' + parts[0]).textContent = value;
    var remaining = $('remaining');
    if (remaining) { remaining.textContent = budget - used; }
    Array.prototype.forEach.call(f.querySelectorAll('button[name=step]'), function (b) {
      var p = b.value.split(':'), v = parseInt(f.elements['v-' + p[0]].value, 10);
      b.disabled = p[1] === '+1' ? (v >= max || used >= budget) : v <= 0;
    });
    save();
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('#ballot-form button[name=step]');
    if (button) { event.preventDefault(); step(button); }
  });
  document.addEventListener('change', function (event) {
    if (event.target.form && event.target.form.id === 'ballot-form') { save(); }
  });
  document.addEventListener('submit', function (event) {
    if (event.target.id === 'ballot-form') { event.preventDefault(); save(); }
  });

  /* --- similar proposals while typing --- */
  document.addEventListener('input', function (event) {
    if (event.target.id !== 'title' || !$('propose-form')) { return; }
    clearTimeout(similarTimer);
    similarTimer = setTimeout(function () {
      var q = event.target.value;
      ZW.api('GET', '/api/v1/workshops/' + code + '/similar?q=' + encodeURIComponent(q)).then(function (res) {
        var box = $('similar');
        if (!box || !res.ok) { return; }
        box.textContent = '';
        if (!res.data.similar.length) { return; }
        var intro = document.createElement('p'), list = document.createElement('ul');
        intro.textContent = ZW.t('similar');
        res.data.similar.forEach(function (p) {
          var li = document.createElement('li'), bdi = document.createElement('bdi');
          bdi.textContent = p.title;
          li.appendChild(bdi);
          list.appendChild(li);
        });
        box.appendChild(intro);
        box.appendChild(list);
      });
    }, 400);
  });

  ZW.live('/participant', {workshop: code}, {
    snapshot: function (s) {
      if (String(s.version) !== root.getAttribute('data-version')) { refresh(); }
      if (dirty) { save(); }
    },
    phase: refresh, round: refresh, workshop: refresh, resync: refresh,
    proposal: onProposal,
    tally: function () { if ($('results-table')) { refresh(); } },
    connection: function (state) { if (state === 'online' && dirty) { save(); } }
  });
}());
