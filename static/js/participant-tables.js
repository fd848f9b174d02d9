/* The phone's table (stations, world café), drawn from the pushed state; loaded before
   participant.js, which keeps S.tables (the room's tables: services.tables.table_overview) and
   S.seat (this phone's own table id, or null) and calls:
     ZW.phoneTables.onTables(S, data)  the `tables` broadcast {tables, version, rotation?, plenary?}:
                                       a rotation moves this phone from index p to (p + rotation)
                                       mod n, the plenary to no table (the broadcast never names
                                       anyone's seat: each phone works out its own)
     ZW.phoneTables.onSeat(S, data)    the personal `seat` event {table, version} (a move by the
                                       moderator, a rebalancing, this phone's own choice elsewhere)
     ZW.phoneTables.draw(S)            the table section (#table): name, field, the table's wall
                                       (published cards with p.table === S.seat), the choice form
                                       (hidden while a round is open), and the proposal form's field
                                       locked to the table's field.
   The choice form is sent with fetch (PUT /api/v1/workshops/<code>/table); its answer is the
   phone's snapshot. Without JavaScript the same form posts and the page comes back. */
(function () {
  'use strict';
  if (!window.ZW) { return; }
  function $(id) { return document.getElementById(id); }
  function ids(list) { return list.map(function (t) { return t.id; }); }
  function mine(S) { return (S.tables || []).filter(function (t) { return t.id === S.seat; })[0] || null; }

  function onTables(S, data) {
    var list = data.tables || [];
    if (S.seat !== null && S.seat !== undefined) {
      if (data.plenary) {
        S.seat = null;
      } else if (typeof data.rotation === 'number' && list.length) {
        var index = ids(list).indexOf(S.seat);
        if (index >= 0) { S.seat = list[(index + data.rotation) % list.length].id; }
      }
    }
    S.tables = list;
    if (S.seat !== null && ids(list).indexOf(S.seat) < 0) { S.seat = null; }  // its table was deleted
    S.version = Math.max(S.version, data.version || 0);
  }

  function onSeat(S, data) {
    S.seat = data.table === undefined ? null : data.table;
    S.version = Math.max(S.version, data.version || 0);
  }

  function show(id, visible) { var el = $(id); if (el) { el.hidden = !visible; } }

  function drawChoice(S) {
    var select = $('table-choice');
    if (!select || document.activeElement === select) { return; }
    var wanted = [''].concat(S.tables.map(function (t) {
      return String(t.id) + '\u0000' + t.name + (t.field ? ' \u2013 ' + t.field.name : '');
    }));
    var have = Array.prototype.map.call(select.options, function (o) {
      return o.value === '' ? '' : o.value + '\u0000' + o.textContent;
    });
    if (wanted.join('\u0001') !== have.join('\u0001')) {
      while (select.options.length > 1) { select.remove(1); }
      S.tables.forEach(function (t) {
        var option = document.createElement('option');
        option.value = String(t.id);
        option.textContent = t.name + (t.field ? ' \u2013 ' + t.field.name : '');
        select.appendChild(option);
      });
    }
    select.value = S.seat ? String(S.seat) : '';
  }

  function drawWall(S) {
    var list = $('table-wall');
    if (!list) { return; }
    var cards = Object.keys(S.proposals).map(function (k) { return S.proposals[k]; })
      .filter(function (p) { return S.seat && p.state === 'published' && p.table === S.seat; })
      .sort(function (a, b) { return a.id - b.id; });
    var signature = JSON.stringify(cards.map(function (p) { return [p.id, p.title]; }));
    if (list.getAttribute('data-drawn') !== signature) {
      ZW.render.list(list, cards.map(function (p) { return {title: p.title}; }), 'tpl-wall-item');
      list.setAttribute('data-drawn', signature);
    }
    $('table-wall-count').textContent = String(cards.length);
    show('table-wall-empty', !cards.length);
  }

  function lockField(table) {  // a card written at a table goes into the table's field
    var select = document.querySelector('#propose-form select[name=field]');
    if (!select) { return; }
    var field = table && table.field ? String(table.field.id) : null;
    if (field) { select.value = field; }
    select.disabled = !!field;
  }

  function draw(S) {
    var section = $('table');
    if (!section) { return; }
    var table = mine(S);
    section.hidden = !S.tables.length;
    var voting = !!(S.round && S.round.state === 'open');
    var open = S.workshop.state === 'open' && !voting;
    show('table-here', !!table);
    show('table-plenary', !table);
    $('table-name').textContent = table ? table.name : '';
    $('table-field').textContent = table && table.field ? table.field.name : '';
    show('table-field-wrap', !!(table && table.field));
    show('table-field-hint', !!(table && table.field));
    show('table-form', open);
    show('table-locked', voting && S.tables.length > 0);
    show('table-wall-box', !!table);
    drawChoice(S);
    drawWall(S);
    lockField(table);
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || form.id !== 'table-form' || !ZW.phone) { return; }
    event.preventDefault();
    var code = $('live').getAttribute('data-code');
    var value = $('table-choice').value;
    var status = $('table-status');
    ZW.api('PUT', '/api/v1/workshops/' + code + '/table', {table: value ? Number(value) : null})
      .then(function (res) {
        if (res.status === 0) { form.submit(); return; }  // offline: the plain form tells
        if (res.ok && res.data) {
          ZW.phone.socket.applySnapshot(res.data);
          status.textContent = ZW.t('table_saved');
        } else {
          status.textContent = res.data && res.data.error ? res.data.error.message : ZW.t('error');
        }
        status.hidden = false;
      });
  });

  window.ZW.phoneTables = {onTables: onTables, onSeat: onSeat, draw: draw};
}());
