/* The measures step on the phone (services.measures; templates/participant/_measures.html).
   participant.js keeps the state and calls these: the snapshot's and the `phase` event's
   `measures` ({goals, measures}) and `proposing_measures`, and `proposal` events of kind
   "measure". The section is rebuilt from the <template>s only when its goals or the form change;
   otherwise only each goal's list of measures is redrawn, so text typed into a form stays. */
(function () {
  'use strict';
  window.ZW = window.ZW || {};

  function measureData(m) {
    return {id: m.id, m_id: 'm-' + m.id, number: m.number, title: m.title,
            responsible: m.responsible || '', timeframe: m.timeframe || ''};
  }

  ZW.phoneMeasures = function () {
    var step = null, proposing = false;

    function load(data) {
      if ('measures' in data) { step = data.measures ? {goals: data.measures.goals.slice(), measures: data.measures.measures.slice()} : null; }
      if ('proposing_measures' in data) { proposing = !!data.proposing_measures; }
    }

    /* A proposal event: true when it concerned the step (participant.js then skips it). */
    function onProposal(p) {
      if (step && p.state !== 'published') {  // a chosen goal hidden or merged leaves the step
        step.goals = step.goals.filter(function (g) { return g.id !== p.id; });
      }
      var known = step && step.measures.filter(function (m) { return m.id === p.id; })[0];
      if (p.kind !== 'measure' && !known) { return false; }
      if (!step) { return true; }
      step.measures = step.measures.filter(function (m) { return m.id !== p.id; });
      var goal = step.goals.filter(function (g) { return g.id === p.parent; })[0];
      if (p.state === 'published' && goal) {
        step.measures.push(Object.assign({}, known || {}, p));
        step.measures.sort(function (a, b) { return a.id - b.id; });
      }
      return true;
    }

    function goals() {
      return (step ? step.goals : []).map(function (g) {
        return {id: g.id, number: g.number, title: g.title, goal_id: 'goal-' + g.id,
                title_id: 'goal-' + g.id + '-title', proposing: proposing,
                f_title: 'm-' + g.id + '-title', f_responsible: 'm-' + g.id + '-responsible',
                f_timeframe: 'm-' + g.id + '-timeframe',
                measures: step.measures.filter(function (m) { return m.parent === g.id; }).map(measureData)};
      });
    }

    function fillList(card, goal) {
      var list = card.querySelector('[data-slot=measures]');
      ZW.render.list(list, goal.measures, 'tpl-measure-item');
      var empty = card.querySelector('[data-slot=empty]');
      if (empty) { empty.hidden = goal.measures.length > 0; }
    }

    /* place(id, element|null) and changed(id, signature) are participant.js's. */
    function draw(place, changed) {
      var data = goals();
      var shape = {goals: data.map(function (g) { return [g.id, g.number, g.title]; }), proposing: proposing};
      var lists = data.map(function (g) { return g.measures; });
      var rebuild = changed('measures', shape);
      var relist = changed('measure-lists', lists);
      if (!rebuild && !relist && (document.getElementById('measures') || !data.length)) { return; }
      if (!data.length) { place('measures', null); return; }
      var section = document.getElementById('measures');
      if (rebuild || !section) {
        section = ZW.render.make('tpl-measures', {proposing: proposing});
        var slot = section.querySelector('[data-slot=goals]');
        data.forEach(function (goal) {
          var card = ZW.render.make('tpl-measure-goal', goal);
          fillList(card, goal);
          slot.appendChild(card);
        });
        place('measures', section);
        return;
      }
      data.forEach(function (goal) {
        var card = document.getElementById('goal-' + goal.id);
        if (card) { fillList(card, goal); }
      });
    }

    return {load: load, onProposal: onProposal, draw: draw};
  };
}());
