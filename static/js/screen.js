/* Projector screen: draws the panel from the pushed state (snapshot and events) into the
   <template>s the server rendered with the same macros as its own panel (templates/screen/
   _macros.html); text is set with textContent/setAttribute only. No HTTP request follows a
   broadcast: the only fetch is the JSON state (data-state-url) after a version gap, made by
   ZW.live (a reconnect brings a pushed snapshot). The QR code is in the page once (tpl-join).
   ES2017, no dependencies beyond live.js. */
(function () {
  'use strict';
  var root = document.getElementById('screen');
  if (!root || !window.ZW || !window.ZW.render || !window.ZW.fit) { return; }
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
      if (proposal.kind === 'measure') { return; }  // measures: the measures panel
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
      var cards = slot(section, 'list="cards"');
      column.proposals.forEach(function (proposal) {
        var card = make('tpl-wall-card', {id: proposal.id, title: proposal.shy || proposal.title, lang: proposal.lang || lang,
                                          supporters: proposal.supporters || 0});
        if (seen && !seen[proposal.id]) { card.classList.add('is-new'); }
        drawn[proposal.id] = true;
        cards.appendChild(card);
      });
      return section;
    }));
    wall.setAttribute('data-columns', String(wall.children.length));
    seen = drawn;
    return panel;
  }

  /* --- results: the same rows, figures and legend as the server's (workshop_app/screen_page.py) --- */
  var UNITS = {dots: 'points', approval: 'percent', rating: 'rating', yes_no_abstain: 'signed_percent', ranking: 'points'};
  var MOTION = ['yes', 'no', 'abstain'];
  var MOTION_PATTERNS = {yes: '', no: 'pattern-4', abstain: 'pattern-3'};
  function valueText(unit, value) {
    if (unit === 'percent') { return percent(value / 100); }
    if (unit === 'signed_percent') { return (value > 0 ? '+' : '') + percent(value / 100); }
    return decimal(value);
  }

  function stack(parts) {
    var x = 0, out = [];
    parts.forEach(function (p) {
      if (p.share > 0) {
        out.push({segment: 'bar-segment ' + p.colour, pattern: 'bar-pattern ' + p.pattern,
                  x: +x.toFixed(3) + '%', width: +p.share.toFixed(3) + '%'});
        x += p.share;
      }
    });
    return out;
  }

  function segments(method, result, voted, top) {
    if (method === 'rating') {
      return stack(result.rating.total.percent.map(function (share, i) {
        return {colour: 'rating-' + (i + 1), pattern: '', share: share};
      }));
    }
    if (method === 'yes_no_abstain') {
      return stack(MOTION.map(function (key) {
        return {colour: 'vote-' + key, pattern: MOTION_PATTERNS[key], share: result.motion.total.percent[key]};
      }));
    }
    return stack(voted.map(function (group) {
      return {colour: 'group-' + group.colour, pattern: 'pattern-' + group.colour,
              share: (result.group_averages[group.key] || 0) / voted.length / top * 100};
    }));
  }

  function figures(method, points, voters, motion, rating, places) {
    if (method === 'ranking' && places) { return {points: points, voters: voters, distribution: places.join(' / ')}; }
    if (method === 'yes_no_abstain' && motion) {
      var f = {voters: motion.total, outcome: motion.outcome};
      MOTION.forEach(function (key) { f[key] = motion[key]; f[key + '_pct'] = motion.percent[key]; });
      return f;
    }
    if (method === 'rating' && rating) {
      return {mean: rating.mean === null ? '–' : decimal(rating.mean), voters: rating.count,
              distribution: rating.distribution.join(' / ')};
    }
    return {points: points, voters: voters};
  }

  function resultList(results) {
    var list = cloneAll('tpl-result-list');
    var method = (results.round && results.round.method) || (state.round && state.round.method) || 'dots';
    var unit = UNITS[method];
    var voted = state.groups.filter(function (g) { return (results.groups[g.key] || {}).voters > 0; });
    var top = Math.max.apply(null, [0].concat(results.results.map(function (r) { return r.balanced_score; }))) || 1;
    fillList(slot(list, 'list="voters"'), voted.map(function (g) {
      return make('tpl-voter', {name: g.name, voters: results.groups[g.key].voters, swatch: swatch(g.colour)});
    }));
    var keys = method === 'rating' ? [1, 2, 3, 4, 5].map(function (v) { return {cls: 'key-swatch key-rating rating-' + v, label: v}; })
      : method === 'yes_no_abstain' ? MOTION.map(function (k) {
        return {cls: 'key-swatch key-vote vote-' + k + ' ' + MOTION_PATTERNS[k], label: document.getElementById('tpl-results').getAttribute('data-' + k)};
      }) : [];
    fillList(slot(list, 'list="bar-key"'), keys.map(function (k) { return make('tpl-bar-key', k); }));
    var legendTpl = document.getElementById('tpl-legend').content;
    fillList(slot(list, 'list="legend"'), (results.legend || []).map(function (key) {
      var item = legendTpl.querySelector('[data-key="' + key + '"]');
      var li = document.createElement('li');
      li.textContent = item ? item.textContent : '';
      return li;
    }));
    var rows = slot(list, 'list="rows"');
    rows.setAttribute('data-method', method);
    fillList(rows, results.results.map(function (r, i) {
      var f = figures(method, r.points, results.total_voters, r.motion && r.motion.total, r.rating && r.rating.total,
                      r.places && r.places.total);
      var data = Object.assign({}, r, f, {method: method, cls: 'result-row' + (i === 0 ? ' is-top' : ''),
                                          lang: langOf(r.proposal_id), score: valueText(unit, r.value),
                                          title: shyOf(r.proposal_id, r.title)});
      var row = make('tpl-result-row', data, Object.assign({paper: r.paper_points}, f));
      var svg = slot(row, 'list="segments"');
      svg.textContent = '';
      segments(method, r, voted, top).forEach(function (s) {
        var model = document.getElementById('tpl-bar-segment').content.firstElementChild;
        Array.prototype.forEach.call(model.children, function (rect) { svg.appendChild(R.fill(rect.cloneNode(true), s)); });
      });
      fillList(slot(row, 'list="row-groups"'), voted.map(function (g) {
        var score = r.by_group[g.key] || {points: 0};
        var gf = figures(method, score.points, results.groups[g.key].voters,
                         r.motion && r.motion.groups[g.key], r.rating && r.rating.groups[g.key],
                         r.places && r.places.groups[g.key]);
        return make('tpl-row-group', Object.assign({}, gf, {method: method, name: g.name, swatch: swatch(g.colour)}), gf);
      }));
      return row;
    }));
    fillList(slot(list, 'list="table"'), results.results.map(function (r) {
      var tr = make('tpl-table-row', Object.assign({}, r, {lang: langOf(r.proposal_id), score: valueText(unit, r.value),
                                                           consensus: percent(r.consensus)}));
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

  function shyOf(id, title) {  // the title with its soft hyphens, when the card has them
    var proposal = state.proposals[id];
    return (proposal && proposal.title === title && proposal.shy) || title;
  }

  function langOf(id) {
    var proposal = state.proposals[id];
    return (proposal && proposal.lang) || lang;
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
                          score: valueText(card.row.unit, card.row.value)} : null;
    return make('tpl-spotlight', {title: card.shy || card.title, body: card.body, lang: card.lang || lang, row: row}, row || {});
  }

  /* --- fit, then page (screen-fit.js) --- */
  var fitter = window.ZW.fit(root);
  function layout() { fitter.layout(document.getElementById('panel')); }
  window.addEventListener('resize', layout);

  var PANELS = {join: joinPanel, collect: collectPanel, vote: votePanel, results: resultsPanel,
                spotlight: spotlightPanel};
  if (window.ZW.screenTables) {  // the tables' progress and one table's wall (screen-tables.js)
    var tablePanels = window.ZW.screenTables({state: function () { return state; }, make: make, cloneAll: cloneAll,
                                              slot: slot, fillList: fillList, lang: lang});
    PANELS.tables = tablePanels.tables;
    PANELS.table = tablePanels.table;
  }
  if (window.ZW.screenMatrix) {  // a closed feasibility round: priority × feasibility (screen-matrix.js)
    PANELS.matrix = window.ZW.screenMatrix({state: function () { return state; }, cloneAll: cloneAll,
                                            fillList: fillList, lang: lang});
  }
  if (window.ZW.screenMeasures) {  // the measures step: measures under their goals (screen-measures.js)
    PANELS.measures = window.ZW.screenMeasures({state: function () { return state; }, make: make, cloneAll: cloneAll,
                                                slot: slot, fillList: fillList, lang: lang});
  }
  var WALLS = {collect: true, tables: true, table: true, measures: true};  // panels drawn from the published cards

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
    layout();
  }

  /* --- applying the pushed payloads --- */
  function applyFacts(data) {
    if (!('mode' in data)) { return; }  // only the screen's own events carry the panel facts
    state.mode = data.mode;
    state.round = data.round;
    state.results = data.results;
    state.spotlight_card = data.spotlight_card;
    state.matrix = data.matrix || null;
    state.measures = data.measures || null;  // the goals open for measures (measures panel)
    if ('tables' in data) { state.tables = data.tables; state.table_wall = data.table_wall; }
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
        state.proposals[data.id] = {id: data.id, title: data.title, field: data.field, state: data.state,
                                    lang: data.lang, shy: data.shy, table: data.table, supporters: data.supporters,
                                    kind: data.kind, parent: data.parent};  // kind/parent: a measure
      } else {
        delete state.proposals[data.id];
      }
      if (WALLS[state.mode]) { draw(); }
    },
    tables: function (data) {  // the tables' overview (live.tables): names, fields, seats
      if (!state) { return; }
      state.tables = data.tables;
      var has = (data.tables || []).length > 0;  // the server's rule (services/screen.py panel_mode)
      var shown = state.table_wall && state.table_wall.table;
      if (state.mode === 'table' && !(data.tables || []).some(function (t) { return shown && t.id === shown.id; })) {
        socket.resync();  // the table shown was removed (rare): the state says what the screen shows now
        return;
      }
      if (state.phase === 'collect' && state.mode === (has ? 'collect' : 'tables')) { state.mode = has ? 'tables' : 'collect'; }
      if (state.mode === 'tables' || state.mode === 'table') { draw(); }
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
  // Tests read the pages and turn them instead of waiting for the rotation.
  window.ZW.screen = {socket: socket, state: function () { return state; }, draw: draw, layout: layout,
                      pages: fitter.pages, turn: fitter.turn};
  if (document.readyState !== 'loading') { layout(); } else { document.addEventListener('DOMContentLoaded', layout); }
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(layout); }  // metrics change
}());
