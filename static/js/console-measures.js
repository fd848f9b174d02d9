/* Moderator console: the measures step's groups (templates/moderator/_measures.html), drawn
   from the pushed state — state.measures.goals (the goals open for measures: snapshot and
   `phase` events) and the measure proposals in state.proposals (kind "measure", their goal in
   `parent`; `proposal` events keep them current). Loaded before moderator.js, which calls it. */
(function () {
  'use strict';
  window.ZW = window.ZW || {};
  var SHOWN = {pending: true, published: true};

  window.ZW.consoleMeasures = function (state) {
    var box = document.getElementById('measure-groups');
    if (!box || !state || !document.getElementById('tpl-measure-group')) { return; }
    var all = Object.keys(state.proposals || {}).map(function (k) { return state.proposals[k]; });
    var goals = (state.measures ? state.measures.goals : []).filter(function (g) {  // hidden: gone
      return !state.proposals[g.id] || state.proposals[g.id].state === 'published';
    });
    box.textContent = '';
    goals.forEach(function (g) {
      var rows = all.filter(function (p) { return p.kind === 'measure' && p.parent === g.id && SHOWN[p.state]; })
        .sort(function (a, b) { return a.number - b.number; })
        .map(function (m) {
          return {row_id: 'measure-' + m.id, number: m.number, title: m.title, pending: m.state === 'pending',
                  facts: !!(m.responsible || m.timeframe), responsible: m.responsible || '\u2013',
                  timeframe: m.timeframe || '\u2013'};
        });
      var group = ZW.render.make('tpl-measure-group', {group_id: 'measure-group-' + g.id, number: g.number,
                                                       title: g.title, empty: !rows.length});
      ZW.render.list(group.querySelector('[data-slot=rows]'), rows, 'tpl-measure-row');
      box.appendChild(group);
    });
  };
}());
