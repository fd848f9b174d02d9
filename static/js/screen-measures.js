/* Projector: the measures panel (templates/screen/_measures.html) from the pushed state —
   state.measures.goals (the goals open for measures, from the panel facts) and the measure
   cards in state.proposals (kind "measure", their goal in `parent`; `proposal` events keep
   them current). Columns and cards are the collect wall's templates. Loaded before screen.js. */
(function () {
  'use strict';
  window.ZW = window.ZW || {};
  window.ZW.screenMeasures = function (kit) {
    return function measuresPanel() {
      var state = kit.state();
      var panel = kit.cloneAll('tpl-measures');
      var wall = kit.slot(panel, 'list="wall"');
      var goals = (state.measures ? state.measures.goals : []).filter(function (g) {
        return !!state.proposals[g.id];  // a goal hidden meanwhile left the wall
      });
      var cards = Object.keys(state.proposals).map(function (k) { return state.proposals[k]; })
        .filter(function (p) { return p.kind === 'measure'; }).sort(function (a, b) { return b.id - a.id; });
      kit.fillList(wall, goals.map(function (g, i) {
        var column = kit.make('tpl-wall-column', {cls: 'wall-column field-' + (i % 10 + 1), name: '#' + g.number + ' ' + g.title});
        var list = kit.slot(column, 'list="cards"');
        cards.filter(function (p) { return p.parent === g.id; }).forEach(function (p) {
          list.appendChild(kit.make('tpl-wall-card', {id: p.id, title: p.shy || p.title, lang: p.lang || kit.lang,
                                                      supporters: 0}));
        });
        return column;
      }));
      wall.setAttribute('data-columns', String(wall.children.length));
      return panel;
    };
  };
}());
