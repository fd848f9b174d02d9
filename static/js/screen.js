/* Projector screen: draws the panel from the pushed state (snapshot and events) into the
   <template>s the server rendered with the same macros as its own panel (templates/screen/
   _macros.html); text is set with textContent/setAttribute only. No HTTP request follows a
   broadcast: the only fetch is the JSON state (data-state-url) after a version gap, made by
   ZW.live (a reconnect brings a pushed snapshot). The QR code is in the page once (tpl-join).
   ES2017, no dependencies beyond live.js. */
(function () {
  'use strict';
  var root = document.getElementById('screen');
  if (!root || !window.ZW || !window.ZW.render) { return; }
  var R = window.ZW.render;
  var lang = document.documentElement.getAttribute('lang') || 'en';
  var countdown = window.ZW.countdown(document.getElementById('screen-timer'), {hideWhenIdle: true});
  var state = null;   // the screen's state: snapshot + events applied
  var seen = null;    // proposal ids on the wall already drawn (new ones get .is-new)

  /* --- numbers as the server's filters write them (the screen shows at least one decimal) --- */
  var N = window.ZW.numbers(lang);
  function decimal(value) { return N.decimal(value || 0, 1); }
  var percent = N.percent;

  /* --- template helpers (live.js fills; [data-fmt] sentences and lists are done here) --- */
  function fmt(element, params) {
    var nodes = Array.prototype.slice.call(element.querySelectorAll('[data-fmt]'));
    if (element.hasAttribute && element.hasAttribute('data-fmt')) { nodes.push(element); }
    nodes.forEach(function (node) {
      node.textContent = node.textContent.replace(/%\((\w+)\)s/g, function (all, name) {
        return params[name] === undefined || params[name] === null ? '' : String(params[name]);
      });
      node.removeAttribute('data-fmt');
    });
    return element;
  }
  function make(id, data, params) { return fmt(R.make(id, data), params || {}); }
  function cloneAll(id) { return document.getElementById(id).content.cloneNode(true); }
  function slot(container, name) { return container.querySelector('[data-' + name + ']'); }
  function fillList(list, elements) {
    list.textContent = '';
    elements.forEach(function (element) { list.appendChild(element); });
  }

  function colourOf(key) {
    var group = (state.groups || []).filter(function (g) { return g.key === key; })[0];
    return group ? group.colour : '';
  }
  function swatch(ci) { return 'group-swatch group-' + ci + ' pattern-' + ci; }

  /* --- panels, one per mode (services.screen._mode decides, sent as `mode`) --- */
  function joinPanel() {
    var panel = cloneAll('tpl-join');
    fillList(slot(panel, 'list="joined"'), state.presence.groups.map(function (row) {
      return make('tpl-join-count', {name: row.name, joined: row.joined, swatch: swatch(colourOf(row.key))});
    }));
    return panel;
  }

  function wallColumns() {
    var fields = state.fields || [];
    if (state.field !== null && state.field !== undefined) {
      fields = fields.filter(function (f) { return f.id === state.field; });
    }
    var columns = fields.map(function (f, i) { return {field: f, index: i % 10 + 1, proposals: []}; });
    var byId = {};
    columns.forEach(function (c) { byId[c.field.id] = c; });
    var loose = {field: null, index: 9, proposals: []};
    Object.keys(state.proposals).map(Number).sort(function (a, b) { return b - a; }).forEach(function (id) {
      var proposal = state.proposals[id];
      var column = proposal.field ? byId[proposal.field] : loose;
      if (column) { column.proposals.push(proposal); }
    });
    if (loose.proposals.length && (state.field === null || state.field === undefined)) { columns.push(loose); }
    var filled = columns.filter(function (c) { return c.proposals.length; });
    return filled.length ? filled : columns.slice(0, 3);
  }

  function collectPanel() {
    var panel = cloneAll('tpl-collect');
    var looseName = document.getElementById('tpl-collect').getAttribute('data-loose');
    var wall = slot(panel, 'list="wall"');
    var drawn = {};
    fillList(wall, wallColumns().map(function (column) {
      var name = column.field ? column.field.name : looseName;
      var section = make('tpl-wall-column', {cls: 'wall-column field-' + column.index, name: name});
      column.proposals.forEach(function (proposal) {
        var card = make('tpl-wall-card', proposal);
        if (seen && !seen[proposal.id]) { card.classList.add('is-new'); }
        drawn[proposal.id] = true;
        section.appendChild(card);
      });
      return section;
    }));
    seen = drawn;
    return panel;
  }

  function segments(result, voted, top) {
    var x = 0, out = [];
    voted.forEach(function (group) {
      var share = (result.group_averages[group.key] || 0) / voted.length / top * 100;
      if (share > 0) {
        out.push({x: +x.toFixed(3), width: +share.toFixed(3), colour: group.colour});
        x += share;
      }
    });
    return out;
  }

  function resultList(results) {
    var list = cloneAll('tpl-result-list');
    var voted = state.groups.filter(function (g) { return (results.groups[g.key] || {}).voters > 0; });
    var top = Math.max.apply(null, [0].concat(results.results.map(function (r) { return r.balanced_score; }))) || 1;
    fillList(slot(list, 'list="voters"'), voted.map(function (g) {
      return make('tpl-voter', {name: g.name, voters: results.groups[g.key].voters, swatch: swatch(g.colour)});
    }));
    fillList(slot(list, 'list="rows"'), results.results.slice(0, 5).map(function (r, i) {
      var row = make('tpl-result-row', Object.assign({}, r, {
        cls: 'result-row' + (i === 0 ? ' is-top' : ''), score: decimal(r.balanced_score)}), {points: r.paper_points});
      var svg = slot(row, 'list="segments"');
      svg.textContent = '';
      segments(r, voted, top).forEach(function (s) {
        var model = document.getElementById('tpl-bar-segment').content.firstElementChild;
        Array.prototype.forEach.call(model.children, function (rect) {
          svg.appendChild(R.fill(rect.cloneNode(true), {
            segment: 'bar-segment group-' + s.colour, pattern: 'bar-pattern pattern-' + s.colour,
            x: s.x + '%', width: s.width + '%'}));
        });
      });
      return row;
    }));
    fillList(slot(list, 'list="table"'), results.results.map(function (r) {
      var tr = make('tpl-table-row', Object.assign({}, r, {score: decimal(r.balanced_score), consensus: percent(r.consensus)}));
      var place = slot(tr, 'slot="groups"');
      state.groups.forEach(function (g) {
        var score = r.by_group[g.key] || {points: 0, paper_points: 0};
        var cell = document.getElementById('tpl-group-cell').content.querySelector('td').cloneNode(true);
        tr.insertBefore(fmt(R.fill(cell, {key: g.key, points: score.points, paper_points: score.paper_points}),
                            {points: score.paper_points}), place);
      });
      place.remove();
      return tr;
    }));
    return list;
  }

  function votePanel() {
    var panel = cloneAll('tpl-vote');
    var section = panel.firstElementChild;
    R.fill(section, {open: state.round && state.round.state === 'open'});
    fillList(slot(panel, 'list="progress"'), state.presence.groups.map(function (row) {
      var ci = colourOf(row.key);
      var pct = row.joined ? (100 * row.voted / row.joined).toFixed(1) + '%' : '0.0%';
      return make('tpl-progress', {name: row.name, swatch: swatch(ci), fill: 'progress-fill group-' + ci,
                                   pattern: 'bar-pattern pattern-' + ci, pct: pct}, row);
    }));
    var place = slot(panel, 'slot="results"');
    if (state.results) { place.replaceWith(resultList(state.results)); } else { place.remove(); }
    return panel;
  }

  function resultsPanel() {
    var panel = cloneAll('tpl-results');
    var heading = panel.querySelector('h2');
    heading.textContent = (state.round && state.round.title) || heading.getAttribute('data-default');
    heading.removeAttribute('data-default');
    var place = slot(panel, 'slot="results"');
    if (state.results) { place.replaceWith(resultList(state.results)); } else { place.remove(); }
    return panel;
  }

  function spotlightPanel() {
    var card = state.spotlight_card || {title: '', body: '', row: null};
    var row = card.row ? {rank: card.row.rank, carried_by_all: card.row.carried_by_all,
                          score: decimal(card.row.balanced_score)} : null;
    return make('tpl-spotlight', {title: card.title, body: card.body, row: row}, row || {});
  }

  var PANELS = {join: joinPanel, collect: collectPanel, vote: votePanel, results: resultsPanel,
                spotlight: spotlightPanel};

  function draw() {
    if (!state) { return; }
    var mode = state.mode || 'join';
    var panel = document.createElement('div');
    panel.className = 'screen-panel';
    panel.setAttribute('data-mode', mode);
    panel.setAttribute('data-version', String(state.version));
    panel.setAttribute('data-theme', state.theme || 'dark');
    panel.setAttribute('data-timer-ends', state.workshop.timer_ends_at || '');
    panel.appendChild(PANELS[mode] ? PANELS[mode]() : joinPanel());
    if (mode !== 'collect') { seen = null; }
    var old = document.getElementById('panel');
    panel.id = 'panel';
    if (old) { old.replaceWith(panel); } else { document.getElementById('screen-panel').appendChild(panel); }
    document.documentElement.setAttribute('data-theme', state.theme || 'dark');
  }

  /* --- applying the pushed payloads --- */
  function applyFacts(data) {
    if (!('mode' in data)) { return; }  // only the screen's own events carry the panel facts
    state.mode = data.mode;
    state.round = data.round;
    state.results = data.results;
    state.spotlight_card = data.spotlight_card;
  }

  function newer(a, b) {  // tally a newer than b by (version, seq)?
    return !b || a.version > b.version || (a.version === b.version && (a.seq || 0) > (b.seq || 0));
  }

  var handlers = {
    snapshot: function (data) {
      var proposals = {};
      (data.proposals || []).forEach(function (p) { if (p.state === 'published') { proposals[p.id] = p; } });
      state = Object.assign({}, data, {proposals: proposals});
      if (seen === null && state.mode === 'collect') {  // cards already on the page are not new
        seen = {};
        Array.prototype.forEach.call(document.querySelectorAll('#panel .wall-card[data-proposal]'), function (c) {
          seen[c.getAttribute('data-proposal')] = true;
        });
      }
      document.getElementById('screen-title').textContent = state.workshop.title;
      countdown.set(state.workshop.timer_ends_at);
      draw();
    },
    phase: function (data) {
      if (!state) { return; }
      state.phase = data.phase;
      state.field = data.field;
      applyFacts(data);
      draw();
    },
    round: function (data) {
      if (!state) { return; }
      applyFacts(data);
      draw();
    },
    workshop: function (data) {
      if (!state) { return; }
      if ('timer_ends_at' in data) { state.workshop.timer_ends_at = data.timer_ends_at; countdown.set(data.timer_ends_at); }
      if ('theme' in data) { state.theme = data.theme; }
      if (data.settings && 'title' in data.settings) {
        state.workshop.title = data.settings.title;
        document.getElementById('screen-title').textContent = data.settings.title;
      }
      applyFacts(data);
      draw();
    },
    proposal: function (data) {
      if (!state) { return; }
      if (data.state === 'published') {
        state.proposals[data.id] = {id: data.id, title: data.title, field: data.field, state: data.state};
      } else {
        delete state.proposals[data.id];
      }
      if (state.mode === 'collect') { draw(); }
    },
    tally: function (data) {
      // The server sends tallies only while the screen shows them; keep the newest of the round shown.
      if (!state || !state.results || state.results.round_id !== data.round_id || !newer(data, state.results)) { return; }
      state.results = data;
      draw();
    },
    presence: function (data) {
      if (!state) { return; }
      state.presence = data;
      if (state.mode === 'join' || state.mode === 'vote') { draw(); }
    }
  };
  var socket = window.ZW.live('/screen', {token: root.getAttribute('data-token')}, handlers,
                              {stateUrl: root.getAttribute('data-state-url')});
  window.ZW.screen = {socket: socket, state: function () { return state; }, draw: draw};
}());
