/* The projector's priority × feasibility matrix (issue 17, item 6), drawn from the pushed
   `matrix` (services.feasibility.matrix_payload: goals, quadrants, the markers' layout) into the
   <template>s of templates/screen/_matrix_templates.html — the same macros as the server's panel
   (templates/_matrix.html). screen.js calls this for the "matrix" mode. ES2017; text via
   textContent/setAttribute only. */
(function () {
  'use strict';
  window.ZW = window.ZW || {};
  window.ZW.screenMatrix = function (h) {
    // h: {state(), cloneAll(id), fillList(list, els), lang}
    var N = window.ZW.numbers(h.lang);
    function tpl(id) { return document.getElementById(id); }
    function byClass(el, cls) { return el.querySelector('.' + cls); }

    function item(goal) {
      var li = tpl('tpl-matrix-item').content.firstElementChild.cloneNode(true);
      li.setAttribute('data-goal', String(goal.id));
      byClass(li, 'matrix-num').textContent = String(goal.number);
      var title = byClass(li, 'matrix-title');
      title.textContent = goal.short_title;
      title.setAttribute('title', goal.title);
      byClass(li, 'matrix-figures').textContent = goal.feasibility === null ? '' :
        tpl('tpl-matrix-item').getAttribute('data-figures')
          .replace('%(mean)s', N.decimal(goal.feasibility, 1)).replace('%(n)s', String(goal.raters));
      return li;
    }

    function row(goal) {
      var model = tpl('tpl-matrix-row');
      var tr = model.content.querySelector('tr').cloneNode(true);
      var cells = tr.children;
      tr.setAttribute('data-goal', String(goal.id));
      cells[0].textContent = String(goal.number);
      cells[1].firstElementChild.textContent = goal.title;
      cells[2].textContent = N.percent(goal.priority);
      cells[3].textContent = goal.feasibility === null ? '–' : N.decimal(goal.feasibility, 1);
      cells[4].textContent = String(goal.raters);
      cells[5].textContent = goal.quadrant ? model.getAttribute('data-' + goal.quadrant.replace('_', '-'))
        : model.getAttribute('data-unassessed');
      return tr;
    }

    function marker(mk, radius) {
      var g = tpl('tpl-matrix-marker').content.querySelector('g').cloneNode(true);
      g.setAttribute('class', 'matrix-marker q-' + mk.quadrant);
      g.setAttribute('transform', 'translate(' + mk.x + ' ' + mk.y + ')');
      g.setAttribute('data-goal', String(mk.id));
      g.querySelector('circle').setAttribute('r', String(radius));
      var text = g.querySelector('text');
      text.setAttribute('font-size', String(Math.round(radius * 10.5) / 10));
      text.textContent = String(mk.number);
      return g;
    }

    return function matrixPanel() {
      var state = h.state();
      var m = state.matrix || {goals: [], quadrants: {}, unassessed: [], layout: {markers: [], radius: 26}};
      var panel = h.cloneAll('tpl-matrix');
      var heading = panel.querySelector('h2');
      heading.textContent = (state.round && state.round.title) || heading.getAttribute('data-default');
      heading.removeAttribute('data-default');
      var goals = {};
      m.goals.forEach(function (g) { goals[g.id] = g; });
      var markers = panel.querySelector('[data-slot="markers"]');
      m.layout.markers.forEach(function (mk) { markers.appendChild(marker(mk, m.layout.radius)); });
      Array.prototype.forEach.call(panel.querySelectorAll('ol[data-list]'), function (list) {
        var key = list.getAttribute('data-list');
        var ids = key === 'unassessed' ? m.unassessed : (m.quadrants[key] || []);
        h.fillList(list, ids.map(function (id) { return item(goals[id]); }));
      });
      var none = panel.querySelector('[data-if-unassessed]');
      if (none && !m.unassessed.length) { none.remove(); }
      h.fillList(panel.querySelector('tbody[data-list="rows"]'), m.goals.map(row));
      return panel;
    };
  };
}());
