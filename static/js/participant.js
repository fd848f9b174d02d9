/* Participant page enhancements (progressive: every form also works without this file).
   - keeps the phone's state from its `snapshot` (and GET /api/v1/workshops/<code>/state after a
     version gap, done by ZW.live) and draws lobby / collect / vote / results from it and from the
     events (phase, round, proposal, tally, workshop), by filling the <template> elements that the
     server renders with the page's own macros (templates/participant/_cards.html). A broadcast
     never makes the phone fetch anything;
   - own ballot and own proposals come from the snapshot and the phone's own write responses;
   - the ballot (participant-ballot.js: save, "saved" next to the tapped item, limits) and the
     similar-proposal hint (participant-similar.js) are separate files, loaded before this one;
   - never redraws the proposal form while it is on the page (the text being typed stays);
   - the ranking shows the number it sorts by (scoreText = page.score_text on the server). */
(function () {
  'use strict';
  var root = document.getElementById('live');
  if (!root || !window.ZW || !ZW.phoneBallot || !document.getElementById('tpl-phase')) { return; }
  var code = root.getAttribute('data-code');
  var COLLECTING = {lobby: true, collect: true};  // = services.proposals.COLLECTING
  var EDITABLE = {pending: true, published: true};
  var OWN_STATES = {pending: true, published: true, hidden: true, merged: true};
  var ORDER = ['phase', 'vote', 'table', 'propose', 'measures', 'own', 'published'];
  var measures = ZW.phoneMeasures ? ZW.phoneMeasures() : null;  // participant-measures.js
  var socket = null;
  var S = null;        // the phone's state: the snapshot, kept up to date by the events
  var drawn = {};      // section id -> signature of what is on the page
  var lang = document.documentElement.getAttribute('lang') || 'en';

  function $(id) { return document.getElementById(id); }
  function form() { return $('ballot-form'); }
  function json(value) { return JSON.stringify(value); }
  var ballot = ZW.phoneBallot({state: function () { return S; },
                               resync: function () { if (socket) { socket.resync(); } }});
  var formVotes = ballot.formVotes;

  /* --- numbers as the server's `decimal` and `percent` filters write them --- */
  var N = ZW.numbers(lang);
  function decimal(value) { return N.decimal(value); }
  var percent = N.percent;

  /* The group-balanced score in the method's unit (domain.results_explained.display_value),
     written as page.score_text writes it: the ranking's own number. */
  function scoreText(method, score) {
    if (method === 'dots' || method === 'ranking') { return decimal(score); }
    if (method === 'rating') { return decimal(1 + 4 * score); }
    var text = percent(Math.abs(score));
    if (method === 'yes_no_abstain' && text !== percent(0)) { text = (score > 0 ? '+' : '\u2212') + text; }
    return text;
  }

  /* --- the state --- */
  function fieldName(id) {
    var found = (S.fields || []).filter(function (f) { return f.id === id; })[0];
    return found ? found.name : '';
  }

  function load(snapshot) {
    var proposals = {};
    (snapshot.proposals || []).forEach(function (p) { proposals[p.id] = p; });
    S = {workshop: snapshot.workshop || {}, phase: snapshot.phase, field: snapshot.field,
         collecting: snapshot.collecting, fields: snapshot.fields || [], proposals: proposals,
         round: snapshot.round, version: snapshot.version, closedSincePhase: !!snapshot.closed_since_phase,
         tables: snapshot.tables || [], seat: snapshot.participant ? snapshot.participant.table : null,
         group: snapshot.participant ? snapshot.participant.group : null};  // = page.assessing  // seat: personal
    if (measures) { measures.load(snapshot); }
  }

  function setRound(publicRound) {
    var old = S.round;
    if (!publicRound) { S.round = null; return; }
    var mine = old && old.id === publicRound.id;
    if (!mine) { ballot.forget(); }
    var round = Object.assign({}, publicRound);
    round.ballot = mine && old.ballot ? old.ballot : {votes: {}};
    round.remaining = mine && old.remaining !== undefined ? old.remaining : remaining(round, round.ballot.votes);
    S.round = round;
  }

  function remaining(round, votes) {
    if (round.budget === null || round.budget === undefined) { return null; }
    var used = 0;  // = domain.ballots.remaining_budget: a ranking counts its places
    Object.keys(votes).forEach(function (k) { if (votes[k] > 0) { used += round.method === 'ranking' ? 1 : votes[k]; } });
    return Math.max(0, round.budget - used);
  }

  function sortedProposals(test) {
    return Object.keys(S.proposals).map(function (k) { return S.proposals[k]; })
      .filter(test).sort(function (a, b) { return a.id - b.id; });
  }

  function roundItems() {
    var byId = {};
    (S.round.items || []).forEach(function (item) { byId[item.id] = item; });
    var ids = S.round.proposals || Object.keys(byId).map(Number);
    return ids.map(function (id) {
      var known = S.proposals[id];
      if (known) {
        return known.state === 'published' ? {id: id, title: known.title, field: known.field} : null;
      }
      return byId[id] || null;
    }).filter(Boolean);
  }

  function assessing(round) {  // an open feasibility round that another group's assessors rate
    return round.state === 'open' && round.purpose === 'feasibility' && round.assessor_group !== S.group;
  }

  function phaseKind() {
    if (S.workshop.state && S.workshop.state !== 'open') { return 'ended'; }
    if (S.round && S.round.state === 'open') { return assessing(S.round) ? 'assessing' : 'voting'; }
    // = page.kind: a waiting phase whose round closed after it says "closed, please wait" once.
    if ((S.phase === 'lobby' || S.phase === 'vote') && S.closedSincePhase) { return 'paused'; }
    return {lobby: 1, collect: 1, vote: 1, measures: 1}[S.phase] ? S.phase : 'results';
  }

  /* --- drawing: each section only when what it shows has changed --- */
  function place(id, element) {
    var current = $(id);
    if (current) {
      if (element) { ZW.render.replace(id, element); } else { current.remove(); }
      return;
    }
    if (!element) { return; }
    element.id = id;
    var index = ORDER.indexOf(id), before = null;
    for (var i = index + 1; i < ORDER.length && !before; i++) { before = $(ORDER[i]); }
    root.insertBefore(element, before);
  }

  function changed(id, signature) {
    var text = json(signature);
    if (drawn[id] === text) { return false; }
    drawn[id] = text;
    return !dryRun;
  }

  function drawPhase() {
    var kind = phaseKind();
    var data = {title: S.workshop.title, kind: kind,
                field_name: kind === 'collect' && S.field ? fieldName(S.field) : ''};
    if (changed('phase', data)) { place('phase', ZW.render.make('tpl-phase', data)); }
  }

  function itemData(item, round) {
    var votes = round.ballot.votes, value = votes[String(item.id)];
    var v = value === undefined || value === null ? 0 : value, id = item.id;
    var data = {id: id, title: item.title, value: v, item_id: 'item-' + id, name: 'v-' + id,
                title_id: 'title-' + id, value_id: 'value-' + id, minus: id + ':-1', plus: id + ':+1',
                minus_disabled: v === 0,
                plus_disabled: v >= round.max_per_proposal || round.remaining === 0,
                checked: !!v, c_yes: value === 1, c_no: value === -1, c_abstain: value === 0};
    for (var n = 1; n <= 5; n++) { data['c' + n] = v === n; }
    data.max = round.max_per_proposal;  // the dots number input
    data.points_id = 'points-' + id;
    data.points_labels = 'points-' + id + ' title-' + id;
    if (round.method === 'ranking' && ZW.phoneRanking) { ZW.phoneRanking.itemData(data, v, round); }
    return data;
  }

  function resultsElement(round) {
    var method = round.method;
    var table = ZW.render.make('tpl-results', {method: method});
    var rows = (round.results.results || []).map(function (row) {
      return Object.assign({}, row, {method: method, score_text: scoreText(method, row.balanced_score),
                                     places_text: row.places ? row.places.total.join(' / ') : '',
                                     consensus_text: percent(row.consensus)});
    });
    ZW.render.list(table.querySelector('[data-slot=rows]'), rows, 'tpl-result-row');
    return table;
  }

  function sameBallot(a, b, method) {
    function norm(votes) {
      var out = {};
      Object.keys(votes).sort().forEach(function (k) {
        if (votes[k] !== 0 || method === 'yes_no_abstain') { out[k] = votes[k]; }
      });
      return json(out);
    }
    return norm(a) === norm(b);
  }

  function drawVote(force) {
    var round = S.round;
    if (!round) { drawn.vote = null; drawn.results = null; if (!dryRun) { place('vote', null); } return; }
    var others = assessing(round);  // = page.assessing: no ballot, the phase message says why
    var voting = round.state === 'open' && !others;
    var showResults = !!(round.results_visible && round.results);
    var items = voting ? roundItems() : [];
    var kind = phaseKind();  // = page.closed_notice: no "closed" next to "starts soon"
    var closedNotice = !voting && !others && kind !== 'paused' && kind !== 'lobby' && kind !== 'vote';
    var shape = {id: round.id, title: round.title, method: round.method, budget: round.budget,
                 max: round.max_per_proposal, voting: voting, later: !showResults && !voting,
                 closed_notice: closedNotice, items: items};
    var f = form();
    var stale = voting && f && !ballot.busy() && !sameBallot(formVotes(f), round.ballot.votes, round.method);
    if (changed('vote', shape) || (!dryRun && (force || stale || !$('vote')))) {
      var action = document.getElementById('tpl-vote').content.querySelector('form').getAttribute('action');
      var section = ZW.render.make('tpl-vote', {
        id: round.id, title: round.title, method: round.method, budget: round.budget,
        max_per_proposal: round.max_per_proposal, remaining: round.remaining, voting: voting,
        is_dots: round.method === 'dots', results_later: !showResults && !voting, closed_notice: closedNotice,
        feasibility: round.purpose === 'feasibility',  // the rating hint names effort, not strength
        action: action.replace('/rounds/0/', '/rounds/' + round.id + '/'),
        max_hint: ZW.t('max_hint', {max: round.max_per_proposal}),
        budget_hint: ZW.t('budget_hint', {budget: round.budget})});
      var rest = section.querySelector('#remaining');
      if (rest && rest.nextSibling) { rest.nextSibling.textContent = ' / ' + round.budget; }  // a text node (RTL test)
      var slot = section.querySelector('[data-slot=items]');
      if (slot) {
        ZW.render.list(slot, items.map(function (item) { return itemData(item, round); }),
                       'tpl-item-' + round.method);
        Array.prototype.forEach.call(slot.children, function (li) { li.removeAttribute('data-key'); });
      }
      place('vote', section);
      if (ZW.phoneRanking) { ZW.phoneRanking.refresh(); }
      drawn.results = null;
      ballot.restore();
    }
    var results = {show: showResults, rows: showResults ? round.results.results : null, method: round.method};
    if (changed('results', results)) {
      var box = $('vote') && $('vote').querySelector('[data-slot=results]');
      if (!box) { return; }
      box.textContent = '';
      if (showResults) { box.appendChild(resultsElement(round)); }
    }
  }

  function drawPropose() {
    var want = !!S.collecting;
    if (dryRun) { return; }
    if (want && !$('propose')) { place('propose', ZW.render.make('tpl-propose', {})); }
    if (!want && $('propose')) { place('propose', null); }
  }

  function inStartedRound(id) {  // a started round freezes its proposals (S.round is never a draft)
    return !!(S.round && (S.round.proposals || []).indexOf(id) >= 0);
  }

  function ownData(p) {
    var tpl = document.getElementById('tpl-own-item').content;
    var withdraw = tpl.querySelector('form').getAttribute('action');
    var edit = tpl.querySelector('a[href]').getAttribute('href');
    return {id: p.id, own_id: 'own-' + p.id, pending_id: 'own-' + p.id + '-pending', title: p.title,
            state: OWN_STATES[p.state] ? p.state : 'withdrawn', field_name: fieldName(p.field),
            pending: p.pending || null, editable: !!p.editable && !!EDITABLE[p.state] && !inStartedRound(p.id),
            withdraw_url: withdraw.replace('/proposals/0/', '/proposals/' + p.id + '/'),
            edit_url: edit.replace('/proposals/0/', '/proposals/' + p.id + '/')};
  }

  function drawOwn() {
    var own = sortedProposals(function (p) { return p.own; }).map(ownData);
    if (!changed('own', own)) { return; }
    if (!own.length) { place('own', null); return; }
    if (!$('own')) { place('own', ZW.render.make('tpl-own', {})); }
    ZW.render.list($('own-list'), own, 'tpl-own-item');
    Array.prototype.forEach.call($('own-list').children, function (li) { li.removeAttribute('data-key'); });
  }

  function drawPublished() {
    var list = $('published-list');
    if (!list) { return; }
    var published = sortedProposals(function (p) { return p.state === 'published' && p.kind !== 'measure'; }).map(function (p) {
      return Object.assign({id: p.id, p_id: 'p-' + p.id, title: p.title, field_name: fieldName(p.field)},
                           ZW.phoneSupport ? ZW.phoneSupport.data(p) : {});
    });
    if (!changed('published', published)) { return; }
    ZW.render.list(list, published, 'tpl-published-item');
    Array.prototype.forEach.call(list.children, function (li) { li.removeAttribute('data-key'); });
    $('published-count').textContent = published.length;
    $('published-empty').hidden = published.length > 0;
  }

  function draw() {
    root.setAttribute('data-version', S.version);
    root.setAttribute('data-round', S.round ? S.round.id : '');
    root.setAttribute('data-round-state', S.round ? S.round.state : '');
    drawPhase();
    drawVote();
    drawPropose();
    if (measures) { measures.draw(place, changed); }
    drawOwn();
    drawPublished();
    if (ZW.phoneTables) { ZW.phoneTables.draw(S); }  // participant-tables.js
  }

  /* --- the events --- */
  var first = true, dryRun = false;
  function onSnapshot(snapshot) {
    load(snapshot);
    // The first snapshot usually equals the server-rendered page: only remember what is drawn.
    dryRun = first && String(snapshot.version) === root.getAttribute('data-version');
    first = false;
    draw();
    dryRun = false;
    if (ballot.dirty()) { ballot.save(); }
  }

  function onPhase(data) {
    S.phase = data.phase;
    S.closedSincePhase = false;  // the phase changed after any close
    S.field = data.field === undefined ? S.field : data.field;
    if ('collecting' in data) { S.collecting = data.collecting; }
    if ('round' in data) { setRound(data.round); }
    if (measures) { measures.load(data); }
    S.version = Math.max(S.version, data.version);
    draw();
  }

  function onRound(data) {
    var was = S.round;
    if ('round' in data) { setRound(data.round); }
    if (S.round && S.round.state === 'closed') {  // closed now (publishing later changes nothing)
      if (was && was.id === S.round.id && was.state === 'open') { S.closedSincePhase = true; }
    } else {
      S.closedSincePhase = false;
    }
    S.version = Math.max(S.version, data.version);
    draw();
  }

  function onWorkshop(data) {
    if (data.state) { S.workshop.state = data.state; }
    if (data.deleted) { S.workshop.state = 'deleted'; }
    var settings = data.settings || {};
    if (settings.title) { S.workshop.title = settings.title; }
    if ('premoderation' in settings) { S.workshop.premoderation = settings.premoderation; }
    S.collecting = S.workshop.state === 'open' && !!COLLECTING[S.phase];
    if (measures) { measures.load({proposing_measures: S.workshop.state === 'open' && S.phase === 'measures'}); }
    S.version = Math.max(S.version, data.version);
    draw();
  }

  function onProposal(p) {
    if (!p || !p.id) { return; }
    var known = S.proposals[p.id];
    if (measures && measures.onProposal(p) && !(known && known.own)) {  // a measure of the step
      S.version = Math.max(S.version, p.version || 0);
      draw();
      return;
    }
    if (p.state === 'published') {
      S.proposals[p.id] = Object.assign({}, known || {}, {id: p.id, title: p.title, field: p.field, state: p.state},
                                        'supporters' in p ? {supporters: p.supporters} : {},
                                        p.table ? {table: p.table} : {});  // the table it was written at
    } else if (known && known.own) {
      known.state = p.state;
    } else {
      delete S.proposals[p.id];
    }
    S.version = Math.max(S.version, p.version || 0);
    draw();
  }

  function onTally(t) {
    if (!S.round || t.round_id !== S.round.id) { return; }
    if (t.version >= S.version && t.round) {
      ['state', 'live_results', 'results_published'].forEach(function (k) {
        if (k in t.round) { S.round[k] = t.round[k]; }
      });
      S.round.results_visible = true;  // phones get a tally only while its results are theirs to see
    }
    S.round.results = {round: t.round, groups: t.groups, results: t.results};
    drawVote();
  }

  if (ZW.phoneSimilar) { ZW.phoneSimilar(code); }

  socket = ZW.live('/participant', {workshop: code, lean: true}, {  // lean tallies: what the table draws
    snapshot: onSnapshot, phase: onPhase, round: onRound, workshop: onWorkshop,
    proposal: onProposal, tally: onTally,
    tables: function (data) { if (ZW.phoneTables) { ZW.phoneTables.onTables(S, data); draw(); } },
    seat: function (data) { if (ZW.phoneTables) { ZW.phoneTables.onSeat(S, data); draw(); } },
    connection: function (state) { if (state === 'online' && ballot.dirty()) { ballot.save(); } }
  }, {stateUrl: '/api/v1/workshops/' + code + '/state'});
  window.ZW.phone = {socket: socket, state: function () { return S; }, draw: draw};
}());
