/* Moderator console, part 2 of 4: drawing the pushed state into the page's regions
   (window.ZW.consoleRegions(getState) -> {monitor, results, proposals, rounds, phase, timer,
   settings, next, all}). Each region is drawn from the <template>s of templates/moderator/
   _templates.html (see console-kit.js); what a region draws reads the same as the server's
   render of it (the browser tests compare both). A region with a field in use is left alone
   and drawn once the focus leaves it. The next step follows domain/console_flow.py. */
(function () {
  'use strict';
  var K = window.ZW && window.ZW.consoleKit;
  if (!K) { return; }
  var OPEN_STATES = ['pending', 'published', 'hidden'];

  window.ZW.consoleRegions = function (getState) {
    var lang = document.documentElement.getAttribute('lang') || 'en';
    var N = window.ZW.numbers(lang);
    var stale = {};
    function S() { return getState(); }
    function groupColour(key) {
      var found = (S().groups || []).filter(function (g) { return g.key === key; })[0];
      return found ? found.colour : '';
    }
    function fieldName(id) {
      var found = (S().fields || []).filter(function (f) { return f.id === id; })[0];
      return found ? found.name : '';
    }
    function roundName(r) { return r.title || K.sentence(K.string('round.number'), {number: r.id}); }

    function monitor() {
      var body = document.getElementById('monitor-rows');
      if (!body || !S().presence) { return; }
      body.textContent = '';
      S().presence.groups.forEach(function (row) {
        var ci = groupColour(row.key);
        body.appendChild(K.make('tpl-monitor-row', Object.assign({}, row, {
          swatch: 'group-swatch group-' + ci + ' pattern-' + ci}), {}, 'tr'));
      });
    }

    function results() {
      var wrap = document.getElementById('console-results-wrap');
      var data = S().results;
      var shown = !!(data && data.results && data.results.length);
      wrap.hidden = !shown;
      var none = document.getElementById('no-results');
      if (none) { none.hidden = shown; }
      if (!shown) { return; }
      Array.prototype.forEach.call(wrap.querySelectorAll('[data-voters]'), function (node) {
        var totals = data.groups[node.getAttribute('data-voters')];
        node.textContent = String(totals ? totals.voters : 0);
      });
      var body = wrap.querySelector('#console-results tbody');
      body.textContent = '';
      data.results.forEach(function (r) {
        var tr = K.make('tpl-result-row', Object.assign({}, r, {
          score: N.decimal(r.balanced_score || 0, 1), consensus: N.percent(r.consensus),
          places_text: r.places ? r.places.total.join(' / ') : ''}), {}, 'tr');
        var place = tr.querySelector('[data-slot="groups"]');
        S().groups.forEach(function (g, index) {
          var score = r.by_group[g.key] || {points: 0, paper_points: 0};
          if (index) { place.parentNode.insertBefore(document.createTextNode(' '), place); }
          place.parentNode.insertBefore(K.make('tpl-group-cell', Object.assign({}, score, {
            name: g.name, swatch: 'group-swatch group-' + g.colour + ' pattern-' + g.colour}),
            {points: score.paper_points}), place);
        });
        place.remove();
        body.appendChild(tr);
      });
    }

    /* --- the proposal queue --- */
    function duplicates(all) {  // symmetric: a pair found from either side flags both
      var open = {}, pairs = {};
      all.forEach(function (p) { if (OPEN_STATES.indexOf(p.state) >= 0) { open[p.id] = true; } });
      all.forEach(function (p) {
        (p.similar || []).forEach(function (other) {
          if (!open[p.id] || !open[other] || other === p.id) { return; }
          (pairs[p.id] = pairs[p.id] || {})[other] = true;
          (pairs[other] = pairs[other] || {})[p.id] = true;
        });
      });
      return pairs;
    }
    function proposalData(p, alike) {
      var state = S(), merged = p.state === 'merged';
      var author = p.author || 'participant';
      return {
        title: p.title, number: p.number, body: p.body, state: p.state, state_name: K.string('state.' + p.state),
        badge: 'badge badge-' + p.state, pending: !!p.pending, participant: author === 'participant',
        author: author, field_name: p.field ? fieldName(p.field) : '', merged: merged,
        merged_title: p.merged_into ? 'x' : '', publishable: p.state === 'pending' || p.state === 'hidden',
        hideable: p.state === 'pending' || p.state === 'published',
        spotlightable: p.state === 'published' && state.spotlight !== p.id, similar: alike.length > 0,
        supporters: p.supporters || 0,
        measure_of: p.kind === 'measure' && state.proposals[p.parent] ? state.proposals[p.parent].number : ''
      };
    }
    function proposalItem(p, alike) {
      var target = p.merged_into ? S().proposals[p.merged_into] : null;
      var item = K.withId(K.make('tpl-proposal', proposalData(p, alike), {title: target ? target.title : ''}), p.id);
      var select = item.querySelector('select[name="field"]');
      if (select) { select.value = p.field ? String(p.field) : ''; }
      var list = item.querySelector('[data-similar]');
      if (list) {
        alike.forEach(function (other, index) {
          if (index) { list.appendChild(document.createTextNode(' ')); }
          var known = S().proposals[other];
          list.appendChild(K.withId(K.make('tpl-similar-link', {title: known ? known.title : ''}), other));
        });
      }
      return item;
    }
    function pendingItem(p) {
      var data = Object.assign({}, proposalData(p, []), {
        pending: p.pending, pending_field_name: p.pending && p.pending.field ? fieldName(p.pending.field) : ''});
      return K.withId(K.make('tpl-pending-edit', data), p.id);
    }
    function proposals() {
      var state = S();
      var alert = document.getElementById('spotlight-alert');
      alert.textContent = '';
      if (state.spotlight) {
        var spotlighted = state.proposals[state.spotlight];
        alert.appendChild(K.make('tpl-spotlight-alert', {title: spotlighted ? spotlighted.title : ''}));
      }
      var queue = document.getElementById('proposal-queue');
      if (K.busy(queue)) { stale.proposals = true; return; }
      delete stale.proposals;
      var all = Object.keys(state.proposals).map(Number).sort(function (a, b) { return a - b; })
        .map(function (id) { return state.proposals[id]; });
      var pairs = duplicates(all);
      var fragment = document.createDocumentFragment();
      var edits = all.filter(function (p) { return p.pending && (p.state === 'published' || p.state === 'hidden'); });
      if (edits.length) {
        var block = K.model('tpl-pending-edits').cloneNode(true);
        var heading = block.querySelector('h3');
        K.render.fill(heading, {name: heading.querySelector('[data-field="name"]').textContent, count: edits.length});
        edits.forEach(function (p) { block.querySelector('ul').appendChild(pendingItem(p)); });
        fragment.appendChild(block);
      }
      ['pending', 'published', 'hidden', 'merged'].forEach(function (name) {
        var items = all.filter(function (p) { return p.state === name; });
        if (!items.length) { return; }
        var wrap = document.createElement('div');
        wrap.setAttribute('data-state-block', name);
        wrap.appendChild(K.make('tpl-list-heading', {name: K.string('state.' + name), count: items.length}));
        var list = document.createElement('ul');
        list.className = 'proposal-list';
        items.forEach(function (p) {
          var alike = Object.keys(pairs[p.id] || {}).map(Number).sort(function (a, b) { return a - b; });
          list.appendChild(proposalItem(p, alike));
        });
        wrap.appendChild(list);
        fragment.appendChild(wrap);
      });
      K.keepFocus(queue, function () { queue.textContent = ''; queue.appendChild(fragment); });
    }

    /* --- rounds, phase, timer, settings --- */
    function roundSummary(r) {
      var parts = [K.string('method.' + r.method)];
      if (r.budget) { parts.push(K.sentence(K.string(r.method === 'ranking' ? 'round.places' : 'round.budget'), {n: r.budget})); }
      if (r.max_per_proposal && r.method === 'dots') { parts.push(K.sentence(K.string('round.max'), {n: r.max_per_proposal})); }
      if (r.field) { parts.push(fieldName(r.field)); }
      if (r.live_results) { parts.push(K.string('round.live')); }
      return parts.join(' · ');
    }
    function closeChoice(region) {  // the remembered "show the results at once"
      var remembered = !!(S().workshop && S().workshop.close_shows_results);
      Array.prototype.forEach.call(region.querySelectorAll('[data-close-shows-results]'), function (box) {
        if (document.activeElement !== box) { box.checked = remembered; }
      });
    }
    function rounds() {
      var list = document.getElementById('round-list');
      if (K.busy(list)) { stale.rounds = true; return; }
      delete stale.rounds;
      K.keepFocus(list, function () { fillRounds(list); });
    }
    function fillRounds(list) {
      var all = S().rounds;
      var open = all.filter(function (r) { return r.state === 'open'; })[0];
      var drafts = all.filter(function (r) { return r.state === 'draft'; });
      var firstDraft = drafts[drafts.length - 1];  // the oldest prepared round opens first
      Array.prototype.forEach.call(list.querySelectorAll('[data-round]'), function (node) { node.remove(); });
      var none = document.getElementById('no-rounds');
      if (none) { none.hidden = all.length > 0; }
      all.forEach(function (r) {
        var badge = r.state === 'open' ? 'published' : r.state === 'closed' ? 'hidden' : 'pending';
        var item = K.withId(K.make('tpl-round', {
          state: r.state, state_name: K.string('round.' + r.state), badge: 'badge badge-' + badge,
          heading: roundName(r), results_published: r.results_published, summary: roundSummary(r),
          publishable: r.state === 'closed' && !r.results_published,
          paper: r.state !== 'draft' && (r.method === 'dots' || r.method === 'approval')}), r.id);
        if (!open && r === firstDraft) {
          var button = item.querySelector('form[action$="/start"] button');
          if (button) { button.setAttribute('data-shortcut', 'o'); }
        }
        list.appendChild(item);
      });
      closeChoice(list);
    }
    function phase() {
      var state = S();
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
    var timerNode = document.getElementById('console-timer');
    var countdown = timerNode ? window.ZW.countdown(timerNode) : null;
    function timer() {
      var ends = S().workshop.timer_ends_at;
      if (!countdown) { return; }
      countdown.set(ends);
      if (!ends) {
        timerNode.textContent = '';
        var idle = document.createElement('span');
        idle.className = 'muted';
        idle.textContent = timerNode.getAttribute('data-idle');
        timerNode.appendChild(idle);
      }
      var start = document.querySelector('#timer button[value="start"]');
      var extend = document.querySelector('#timer button[value="extend"]');
      if (start && extend) {
        (ends ? extend : start).setAttribute('data-shortcut', 't');
        (ends ? start : extend).removeAttribute('data-shortcut');
      }
    }
    function settings() {
      var state = S();
      var premoderation = document.querySelector('#settings input[name="premoderation"]');
      var theme = document.getElementById('theme');
      if (premoderation && document.activeElement !== premoderation) { premoderation.checked = !!state.workshop.premoderation; }
      if (theme && document.activeElement !== theme && state.theme) { theme.value = state.theme; }
    }

    /* --- the next step (domain/console_flow.py, same rule) --- */
    function step(state) {
      var all = state.rounds || [];
      var open = all.filter(function (r) { return r.state === 'open'; })[0];
      var drafts = all.filter(function (r) { return r.state === 'draft'; });
      var current = state.round;
      if (!state.workshop || state.workshop.state !== 'open') { return ['none', null]; }
      if (state.spotlight) { return ['end_spotlight', null]; }
      if (open) { return ['close_voting', open]; }
      if (state.phase === 'lobby') { return ['collect', null]; }
      if (current && current.state === 'closed') {
        if (state.phase === 'vote') { return ['show_results', current]; }
        if (state.phase === 'results' && !current.results_published) { return ['publish_results', current]; }
      }
      if (drafts.length) { return ['start_voting', drafts[drafts.length - 1]]; }
      return ['prepare_round', null];
    }
    function next() {
      var box = document.getElementById('next-step');
      if (!box) { return; }
      if (K.busy(box)) { stale.next = true; return; }
      delete stale.next;
      var chosen = step(S()), r = chosen[1];
      var item = K.make('tpl-next-' + chosen[0], {state: r ? r.state : ''}, {round: r ? roundName(r) : ''});
      if (r) { K.withId(item, r.id); }
      K.keepFocus(box, function () { box.textContent = ''; box.appendChild(item); closeChoice(box); });
    }

    function all() { phase(); monitor(); rounds(); results(); proposals(); settings(); timer(); next(); }
    function redrawStale() {
      if (stale.proposals) { proposals(); }
      if (stale.rounds) { rounds(); }
      if (stale.next) { next(); }
    }
    document.addEventListener('focusout', function () { setTimeout(function () { if (S()) { redrawStale(); } }, 50); });
    document.addEventListener('toggle', function () { setTimeout(function () { if (S()) { redrawStale(); } }, 50); }, true);

    return {monitor: monitor, results: results, proposals: proposals, rounds: rounds, phase: phase,
            timer: timer, settings: settings, next: next, all: all};
  };
}());
