/* A table's facilitator device (templates/facilitator/show.html): draws the table from the pushed
   `snapshot` (the whole table state, sent on connect and after every change of the table) into
   the page's <template>s (textContent/setAttribute only). Writes go over HTTP: the paper-card
   form is sent to the JSON API (same service as the form); merges use the plain forms. The
   ticked merge/keep choices survive a redraw. ES2017, no dependencies beyond live.js. */
(function () {
  'use strict';
  var root = document.getElementById('table-device');
  if (!root || !window.ZW || !window.ZW.render) { return; }
  var R = window.ZW.render;
  var state = null;
  var version = Number(root.getAttribute('data-version'));
  var merged = document.getElementById('merged');

  function checked(name) {
    return Array.prototype.filter.call(document.querySelectorAll('#cards input[name="' + name + '"]'),
      function (input) { return input.checked; }).map(function (input) { return input.value; });
  }

  function draw() {
    var t = state.table;
    document.getElementById('table-name').textContent = t.name;
    var field = document.getElementById('table-field');
    field.textContent = t.field ? t.field.name : field.getAttribute('data-none');
    document.getElementById('table-field-colour').setAttribute('fill', t.field ? t.field.colour : 'none');
    document.getElementById('seated-total').textContent = String(state.people);
    R.list(document.getElementById('seats'), state.seated.map(function (row) {
      return Object.assign({}, row, {swatch: 'group-swatch group-' + row.colour + ' pattern-' + row.colour});
    }), 'tpl-seat', function (row) { return row.key; });
    var ticks = checked('merge'), keep = checked('into');
    var numbers = {};
    state.cards.forEach(function (c) { numbers[c.id] = c.number; });
    var alike = document.getElementById('cards').getAttribute('data-similar');
    var wall = state.cards.filter(function (c) { return c.state !== 'merged'; }).map(function (c) {
      var similar = (c.similar || []).map(function (n) { return '#' + n; }).join(', ');
      return Object.assign({}, c, {label: '#' + c.number, paper: c.author === 'paper', pending: c.state === 'pending',
                                   similar_text: similar ? alike.replace('%(numbers)s', similar) : '',
                                   cls: 'table-card' + (c.author === 'paper' ? ' is-paper' : '')});
    });
    R.list(document.getElementById('cards'), wall, 'tpl-card', function (c) { return c.id; });
    Array.prototype.forEach.call(document.querySelectorAll('#cards input'), function (input) {
      input.checked = (input.name === 'merge' ? ticks : keep).indexOf(input.value) >= 0;
    });
    document.getElementById('card-count').textContent = String(wall.length);
    document.getElementById('no-cards').hidden = wall.length > 0;
    var into = merged.getAttribute('data-into'), splitUrl = merged.getAttribute('data-split-url');
    var gone = state.cards.filter(function (c) { return c.state === 'merged'; }).map(function (c) {
      return Object.assign({}, c, {label: '#' + c.number, into: into.replace('%(number)s', numbers[c.merged_into] || '?'),
                                   split_url: splitUrl.replace('/cards/0/', '/cards/' + c.id + '/')});
    });
    R.list(merged, gone, 'tpl-merged', function (c) { return c.id; });
    document.getElementById('merged-heading').hidden = gone.length === 0;
  }

  var handlers = {
    snapshot: function (data) {
      if (!data || !data.table || (state && data.version < state.version)) { return; }
      state = data;
      version = data.version;
      draw();
    }
  };
  var socket = window.ZW.live('/facilitator', {token: root.getAttribute('data-token')}, handlers,
                              {stateUrl: root.getAttribute('data-state-url')});

  /* The paper-card form over the JSON API: the wall redraws from the push that follows. */
  var form = document.getElementById('card-form');
  var error = document.getElementById('card-error');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var title = form.elements.title, body = form.elements.body, button = form.querySelector('button');
    button.disabled = true;
    window.ZW.api('POST', root.getAttribute('data-api'), {title: title.value, body: body.value}).then(function (res) {
      button.disabled = false;
      if (res.ok) {
        title.value = '';
        body.value = '';
        error.hidden = true;
        title.removeAttribute('aria-invalid');
        if (res.data && res.data.table) { handlers.snapshot(res.data.table); }
        title.focus();
        return;
      }
      error.textContent = (res.data && res.data.error && res.data.error.message) || form.getAttribute('data-failed') || '';
      error.hidden = false;
      title.setAttribute('aria-invalid', 'true');
      title.focus();
    });
  });
  window.ZW.facilitator = {socket: socket, state: function () { return state; }, version: function () { return version; }};
}());
