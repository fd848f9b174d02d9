/* Moderator console, part 4 of 4: the state and the live connection.
   Loaded after live.js, console-kit.js (template helpers), console-regions.js (drawing) and
   console-actions.js (forms sent with fetch, messages next to the control, shortcuts, screen
   miniature). Draws the pushed state (snapshot and events): the participation monitor, the
   proposal queue (pending edits, likely duplicates), the rounds, the current round's results,
   the phase buttons, the timer, the spotlight and the next step. No HTTP request follows a
   broadcast; the JSON state (data-state-url) is fetched by ZW.live only after a version gap.
   ES2017, no dependencies beyond those files. */
(function () {
  'use strict';
  var root = document.getElementById('console');
  if (!root || !window.ZW || !window.ZW.consoleRegions || !window.ZW.consoleActions) { return; }
  var state = null, socket = null;
  var draw = window.ZW.consoleRegions(function () { return state; });
  var drawTables = window.ZW.consoleTables ? window.ZW.consoleTables(function () { return state; })
    : function () {};  // console-tables.js: the Tables section

  function currentRound() { return state.round ? state.round.id : null; }
  var handlers = {
    snapshot: function (data) {
      var proposals = {};
      (data.proposals || []).forEach(function (p) { proposals[p.id] = p; });
      state = Object.assign({}, data, {proposals: proposals, rounds: data.rounds || []});
      draw.all();
      drawTables();
      if (window.ZW.consoleMeasures) { window.ZW.consoleMeasures(state); }  // console-measures.js
    },
    phase: function (data) {
      if (!state) { return; }
      state.phase = data.phase;
      state.field = data.field;
      if ('measures' in data) { state.measures = data.measures; }
      if (window.ZW.consoleMeasures) { window.ZW.consoleMeasures(state); }
      draw.phase();
      draw.next();
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
      draw.rounds();
      draw.results();
      draw.next();
    },
    proposal: function (data) {
      if (!state) { return; }
      state.proposals[data.id] = Object.assign({}, state.proposals[data.id] || {}, data);
      draw.proposals();
      drawTables();  // a table's card count
      if (window.ZW.consoleMeasures) { window.ZW.consoleMeasures(state); }
      if (data.state === 'merged' || data.state === 'published') { draw.next(); }
    },
    tally: function (data) {
      if (!state || data.round_id !== currentRound()) { return; }
      state.results = data;
      draw.results();
    },
    tables: function (data) {
      if (!state) { return; }
      state.tables = data.tables || [];
      if (data.seats) { state.seats = data.seats; }
      if ('rotations' in data) { state.rotations = data.rotations; }
      drawTables();
    },
    presence: function (data) {
      if (!state) { return; }
      state.presence = data;
      draw.monitor();
    },
    workshop: function (data) {
      if (!state) { return; }
      var facts = state.workshop;
      if ('timer_ends_at' in data) { facts.timer_ends_at = data.timer_ends_at; draw.timer(); }
      if ('spotlight' in data) { state.spotlight = data.spotlight; draw.proposals(); }
      if ('premoderation' in data) { facts.premoderation = data.premoderation; }
      if ('theme' in data) { state.theme = data.theme; }
      if ('state' in data) { facts.state = data.state; }
      if ('close_shows_results' in data) { facts.close_shows_results = data.close_shows_results; draw.rounds(); }
      draw.settings();
      draw.next();
    }
  };
  socket = window.ZW.live('/moderator', {workshop: root.getAttribute('data-code')}, handlers,
                          {stateUrl: root.getAttribute('data-state-url')});
  var actions = window.ZW.consoleActions(document, function (data) { socket.applySnapshot(data); });
  window.ZW.console = {socket: socket, state: function () { return state; }, say: actions.say};

  var error = document.getElementById('console-error');
  if (error) { error.focus(); }
}());
