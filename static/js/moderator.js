/* Moderator console: draws the pushed state (snapshot and events) into the <template>s the
   server rendered with the same macros as the page (templates/moderator/_macros.html): the
   participation monitor, the proposal queue (with pending edits), the rounds, the current
   round's results, the phase buttons, the timer and the spotlight. Text is set with
   textContent/setAttribute only. No HTTP request follows a broadcast; the JSON state
   (data-state-url) is fetched by ZW.live only after a version gap.
   Every action stays a plain form; this script submits them with fetch (Accept: JSON), shows
   the answer's message and applies the console state it carries — a phase change never
   reloads the page. Shortcuts (documented on the page): N next phase, O open/close round,
   S spotlight, T timer. ES2017, no dependencies beyond live.js. */
(function () {
  'use strict';
  var root = document.getElementById('console');
  if (!root || !window.ZW || !window.ZW.render) { return; }
  var R = window.ZW.render;
  var MARK = /987654321/g;  // the id placeholder of the templates (_templates.html)
  var lang = document.documentElement.getAttribute('lang') || 'en';
  var state = null, stale = {}, socket = null;

  /* --- numbers as the server's filters write them (the console shows at least one decimal) --- */
  var N = window.ZW.numbers(lang);
  function decimal(value) { return N.decimal(value || 0, 1); }
  var percent = N.percent;

  /* --- template helpers --- */
  var strings = {};
  Array.prototype.forEach.call(document.getElementById('tpl-console-strings').content.querySelectorAll('[data-key]'),
    function (node) { strings[node.getAttribute('data-key')] = node.textContent; });
  function sentence(text, params) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return params[name] === undefined || params[name] === null ? '' : String(params[name]);
    });
  }
  function fmt(element, params) {
    var nodes = Array.prototype.slice.call(element.querySelectorAll('[data-fmt]'));
    if (element.hasAttribute('data-fmt')) { nodes.push(element); }
    nodes.forEach(function (node) {
      node.textContent = sentence(node.textContent, params);
      node.removeAttribute('data-fmt');
    });
    return element;
  }
  function model(id, selector) {
    var content = document.getElementById(id).content;
    return selector ? content.querySelector(selector) : content.firstElementChild;
  }
  function withId(element, id) {  // the template's placeholder id → the real one, in attributes
    [element].concat(Array.prototype.slice.call(element.querySelectorAll('*'))).forEach(function (node) {
      Array.prototype.forEach.call(node.attributes, function (attr) {
        if (attr.value.indexOf('987654321') >= 0) { attr.value = attr.value.replace(MARK, String(id)); }
      });
    });
    return element;
  }
  function make(id, data, params, selector) {
    return fmt(R.fill(model(id, selector).cloneNode(true), data), params || {});
  }
  function busy(region) {  // never pull a form away from under the moderator's hands
    var active = document.activeElement;
    var editing = active && region.contains(active) && (active.tagName === 'TEXTAREA' || active.tagName === 'SELECT' ||
      (active.tagName === 'INPUT' && active.type !== 'submit' && active.type !== 'button'));
    return !!editing || !!region.querySelector('details[open]');
  }
  function keepFocus(region, redraw) {  // a focused button gets the focus back after a redraw
    var active = document.activeElement, form = active && region.contains(active) && active.form;
    var action = form ? form.getAttribute('action') : null, value = active ? active.value : '';
    redraw();
    if (action === null) { return; }
    var again = Array.prototype.filter.call(region.querySelectorAll('form button'), function (b) {
      return b.form.getAttribute('action') === action && b.value === value;
    })[0];
    if (again) { again.focus(); }
  }
  function groupColour(key) {
    var found = (state.groups || []).filter(function (g) { return g.key === key; })[0];
    return found ? found.colour : '';
  }
  function fieldName(id) {
    var found = (state.fields || []).filter(function (f) { return f.id === id; })[0];
    return found ? found.name : '';
  }

  /* --- regions --- */
  function drawMonitor() {
    var body = document.getElementById('monitor-rows');
    if (!body || !state.presence) { return; }
    body.textContent = '';
    state.presence.groups.forEach(function (row) {
      var ci = groupColour(row.key);
      body.appendChild(make('tpl-monitor-row', Object.assign({}, row, {
        swatch: 'group-swatch group-' + ci + ' pattern-' + ci}), {}, 'tr'));
    });
  }

  function drawResults() {
    var wrap = document.getElementById('console-results-wrap');
    var results = state.results;
    var shown = !!(results && results.results && results.results.length);
    wrap.hidden = !shown;
    if (!shown) { return; }
    Array.prototype.forEach.call(wrap.querySelectorAll('[data-voters]'), function (node) {
      var totals = results.groups[node.getAttribute('data-voters')];
      node.textContent = String(totals ? totals.voters : 0);
    });
    var body = wrap.querySelector('#console-results tbody');
    body.textContent = '';
    results.results.forEach(function (r) {
      var tr = make('tpl-result-row', Object.assign({}, r, {
        score: decimal(r.balanced_score), consensus: percent(r.consensus)}), {}, 'tr');
      var place = tr.querySelector('[data-slot="groups"]');
      state.groups.forEach(function (g) {
        var score = r.by_group[g.key] || {points: 0, paper_points: 0};
        tr.insertBefore(make('tpl-group-cell', score, {points: score.paper_points}, 'td'), place);
      });
      place.remove();
      body.appendChild(tr);
    });
  }

  function proposalData(p) {
    var merged = p.state === 'merged';
    var target = p.merged_into ? state.proposals[p.merged_into] : null;
    var author = p.author || 'participant';
    return {
      title: p.title, body: p.body, state: p.state, state_name: strings['state.' + p.state] || '',
      badge: 'badge badge-' + p.state, pending: !!p.pending, participant: author === 'participant',
      author: author, field_name: p.field ? fieldName(p.field) : '', merged: merged,
      merged_title: p.merged_into ? 'x' : '', publishable: p.state === 'pending' || p.state === 'hidden',
      hideable: p.state === 'pending' || p.state === 'published',
      spotlightable: p.state === 'published' && state.spotlight !== p.id,
      target: target ? target.title : ''
    };
  }

  function proposalItem(p) {
    var data = proposalData(p);
    var item = withId(make('tpl-proposal', data, {title: data.target}), p.id);
    var select = item.querySelector('select[name="field"]');
    if (select) { select.value = p.field ? String(p.field) : ''; }
    return item;
  }

  function pendingItem(p) {
    var data = Object.assign({}, proposalData(p), {
      pending: p.pending, pending_field_name: p.pending && p.pending.field ? fieldName(p.pending.field) : ''});
    return withId(make('tpl-pending-edit', data), p.id);
  }

  function drawProposals() {
    var alert = document.getElementById('spotlight-alert');
    alert.textContent = '';
    if (state.spotlight) {
      var spotlighted = state.proposals[state.spotlight];
      alert.appendChild(make('tpl-spotlight-alert', {title: spotlighted ? spotlighted.title : ''}));
    }
    var queue = document.getElementById('proposal-queue');
    if (busy(queue)) { stale.proposals = true; return; }
    delete stale.proposals;
    var all = Object.keys(state.proposals).map(Number).sort(function (a, b) { return a - b; })
      .map(function (id) { return state.proposals[id]; });
    var fragment = document.createDocumentFragment();
    var edits = all.filter(function (p) { return p.pending && (p.state === 'published' || p.state === 'hidden'); });
    if (edits.length) {
      var block = model('tpl-pending-edits').cloneNode(true);
      var heading = block.querySelector('h3');
      R.fill(heading, {name: heading.querySelector('[data-field="name"]').textContent, count: edits.length});
      edits.forEach(function (p) { block.querySelector('ul').appendChild(pendingItem(p)); });
      fragment.appendChild(block);
    }
    ['pending', 'published', 'hidden', 'merged'].forEach(function (name) {
      var items = all.filter(function (p) { return p.state === name; });
      if (!items.length) { return; }
      var wrap = document.createElement('div');
      wrap.setAttribute('data-state-block', name);
      wrap.appendChild(make('tpl-list-heading', {name: strings['state.' + name], count: items.length}));
      var list = document.createElement('ul');
      list.className = 'proposal-list';
      items.forEach(function (p) { list.appendChild(proposalItem(p)); });
      wrap.appendChild(list);
      fragment.appendChild(wrap);
    });
    keepFocus(queue, function () {
      queue.textContent = '';
      queue.appendChild(fragment);
    });
  }

  function roundSummary(r) {
    var parts = [strings['method.' + r.method] || ''];
    if (r.budget) { parts.push(sentence(strings['round.budget'], {n: r.budget})); }
    if (r.max_per_proposal && r.method === 'dots') { parts.push(sentence(strings['round.max'], {n: r.max_per_proposal})); }
    if (r.field) { parts.push(fieldName(r.field)); }
    if (r.live_results) { parts.push(strings['round.live']); }
    return parts.join(' · ');
  }

  function drawRounds() {
    var list = document.getElementById('round-list');
    if (busy(list)) { stale.rounds = true; return; }
    delete stale.rounds;
    keepFocus(list, function () { fillRounds(list); });
  }

  function fillRounds(list) {
    var open = state.rounds.filter(function (r) { return r.state === 'open'; })[0];
    var drafts = state.rounds.filter(function (r) { return r.state === 'draft'; });
    var firstDraft = drafts[drafts.length - 1];  // the oldest prepared round opens first
    Array.prototype.forEach.call(list.querySelectorAll('[data-round]'), function (node) { node.remove(); });
    var none = document.getElementById('no-rounds');
    if (none) { none.hidden = state.rounds.length > 0; }
    state.rounds.forEach(function (r) {
      var badge = r.state === 'open' ? 'published' : r.state === 'closed' ? 'hidden' : 'pending';
      var item = withId(make('tpl-round', {
        state: r.state, state_name: strings['round.' + r.state] || '', badge: 'badge badge-' + badge,
        heading: r.title || sentence(strings['round.number'], {number: r.id}),
        results_published: r.results_published, summary: roundSummary(r),
        publishable: r.state === 'closed' && !r.results_published,
        paper: r.state !== 'draft' && (r.method === 'dots' || r.method === 'approval')}), r.id);
      if (!open && r === firstDraft) {
        var button = item.querySelector('form[action$="/open"] button');
        if (button) { button.setAttribute('data-shortcut', 'o'); }
      }
      list.appendChild(item);
    });
  }

  function drawPhase() {
    var buttons = Array.prototype.slice.call(document.querySelectorAll('#phase button[name="phase"]:not([value=""])'));
    var order = buttons.map(function (b) { return b.value; });
    buttons.forEach(function (button) {
      var current = button.value === state.phase;
      button.classList.toggle('btn-primary', current);
      button.classList.toggle('btn-secondary', !current);
      if (current) { button.setAttribute('aria-current', 'step'); } else { button.removeAttribute('aria-current'); }
    });
    var next = document.getElementById('next-phase');
    if (next) { next.hidden = order.indexOf(state.phase) >= order.length - 1; }
    var field = document.getElementById('phase-field');
    if (field && document.activeElement !== field) { field.value = state.field ? String(state.field) : ''; }
  }

  var timer = document.getElementById('console-timer');
  var countdown = timer ? window.ZW.countdown(timer) : null;
  function drawTimer(ends) {
    if (!countdown) { return; }
    countdown.set(ends);
    if (!ends) { timer.textContent = ''; var idle = document.createElement('span'); idle.className = 'muted';
      idle.textContent = timer.getAttribute('data-idle'); timer.appendChild(idle); }
    var start = document.querySelector('#timer button[value="start"]');
    var extend = document.querySelector('#timer button[value="extend"]');
    if (start && extend) {
      (ends ? extend : start).setAttribute('data-shortcut', 't');
      (ends ? start : extend).removeAttribute('data-shortcut');
    }
  }

  function drawSettings() {
    var premoderation = document.querySelector('#settings input[name="premoderation"]');
    var theme = document.getElementById('theme');
    if (premoderation && document.activeElement !== premoderation) { premoderation.checked = !!state.workshop.premoderation; }
    if (theme && document.activeElement !== theme && state.theme) { theme.value = state.theme; }
  }

  function drawAll() {
    drawPhase(); drawMonitor(); drawRounds(); drawResults(); drawProposals(); drawSettings();
    drawTimer(state.workshop.timer_ends_at);
  }

  document.addEventListener('focusout', function () {
    setTimeout(function () {
      if (!state) { return; }
      if (stale.proposals) { drawProposals(); }
      if (stale.rounds) { drawRounds(); }
    }, 50);
  });
  document.addEventListener('toggle', function () {
    if (state && (stale.proposals || stale.rounds)) { setTimeout(function () {
      if (stale.proposals) { drawProposals(); }
      if (stale.rounds) { drawRounds(); }
    }, 50); }
  }, true);

  /* --- pushed payloads --- */
  function currentRound() { return state.round ? state.round.id : null; }
  var handlers = {
    snapshot: function (data) {
      var proposals = {};
      (data.proposals || []).forEach(function (p) { proposals[p.id] = p; });
      state = Object.assign({}, data, {proposals: proposals, rounds: data.rounds || []});
      drawAll();
    },
    phase: function (data) {
      if (!state) { return; }
      state.phase = data.phase;
      state.field = data.field;
      drawPhase();
    },
    round: function (data) {
      if (!state || !data.round) { return; }
      var index = state.rounds.map(function (r) { return r.id; }).indexOf(data.round.id);
      if (index >= 0) { state.rounds[index] = data.round; } else {
        state.rounds.unshift(data.round);
        state.rounds.sort(function (a, b) { return b.id - a.id; });
      }
      if (data.round.state === 'open' || currentRound() === data.round.id || currentRound() === null) {
        if (data.round.state !== 'draft') {
          if (currentRound() !== data.round.id) { state.results = null; }
          state.round = data.round;
        }
      }
      drawRounds();
      drawResults();
    },
    proposal: function (data) {
      if (!state) { return; }
      state.proposals[data.id] = Object.assign({}, state.proposals[data.id] || {}, data);
      drawProposals();
    },
    tally: function (data) {
      if (!state || data.round_id !== currentRound()) { return; }
      state.results = data;
      drawResults();
    },
    presence: function (data) {
      if (!state) { return; }
      state.presence = data;
      drawMonitor();
    },
    workshop: function (data) {
      if (!state) { return; }
      if ('timer_ends_at' in data) { state.workshop.timer_ends_at = data.timer_ends_at; drawTimer(data.timer_ends_at); }
      if ('spotlight' in data) { state.spotlight = data.spotlight; drawProposals(); }
      if ('premoderation' in data) { state.workshop.premoderation = data.premoderation; }
      if ('theme' in data) { state.theme = data.theme; }
      drawSettings();
    }
  };
  socket = window.ZW.live('/moderator', {workshop: root.getAttribute('data-code')}, handlers,
                          {stateUrl: root.getAttribute('data-state-url')});
  window.ZW.console = {socket: socket, state: function () { return state; }};

  /* --- actions: the page's own forms, sent with fetch --- */
  var message = document.getElementById('console-message');
  function say(text, error) {
    if (!message) { return; }
    message.textContent = text || '';
    message.className = 'alert ' + (error ? 'alert-error' : 'alert-success');
    message.setAttribute('role', error ? 'alert' : 'status');
    message.hidden = !text;
    if (error) { message.focus(); }
  }
  function native(form) {
    var action = form.getAttribute('action') || '';
    // merge previews and the screen link answer with a page; removing participants changes the
    // list of latest joins, which only the page shows
    return form.id === 'merge-form' || /\/(merge|merge\/confirm|screen-link|participants\/remove)$/.test(action) ||
      (form.getAttribute('method') || '').toLowerCase() !== 'post';
  }
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!root.contains(form) || native(form)) { return; }
    event.preventDefault();
    var body = new FormData(form);
    var submitter = event.submitter;
    if (submitter && submitter.name) { body.append(submitter.name, submitter.value); }
    var csrf = body.get('csrf_token') || '';
    fetch(form.getAttribute('action'), {method: 'POST', body: body, credentials: 'same-origin',
                                        headers: {'Accept': 'application/json', 'X-CSRFToken': csrf}})
      .then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        if (type.indexOf('application/json') < 0) { form.submit(); return null; }  // not ours: let the page answer
        return response.json().then(function (data) {
          if (data.ok) {
            say(data.message, false);
            if (data.state) { socket.applySnapshot(data.state); }
            form.reset();
            if (form.closest('details')) { form.closest('details').open = false; }
          } else {
            say(data.error, true);
          }
        });
      })
      .catch(function () { form.submit(); });  // offline: the plain form shows what happens
  });

  /* --- keyboard shortcuts --- */
  function typing(target) {
    var tag = target && target.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (target && target.isContentEditable);
  }
  function press(selector) {
    var button = Array.prototype.filter.call(document.querySelectorAll(selector), function (b) {
      return !b.hidden && !b.closest('[hidden]');
    })[0];
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
  var error = document.getElementById('console-error');
  if (error) { error.focus(); }
}());
