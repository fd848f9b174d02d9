/* Moderator console: the "Tables" section (templates/moderator/_tables.html), drawn from the
   pushed state: state.tables (services.tables.table_overview), state.seats (who sits where,
   moderators only) and state.proposals (a table's cards: published ones written there).
   window.ZW.consoleTables(getState) -> draw(); moderator.js calls it after the snapshot, the
   `tables` event and proposal events. Rows are cloned from #tpl-table-row / #tpl-seat-row
   (console-kit.js) and filled with textContent/setAttribute only; a field in use is left alone
   and the section is drawn once the focus leaves it; open "Change" boxes stay open. */
(function () {
  'use strict';
  var K = window.ZW && window.ZW.consoleKit;
  if (!K) { return; }

  window.ZW.consoleTables = function (getState) {
    var region = document.getElementById('tables');
    var waiting = false, drawn = null;
    function $(id) { return document.getElementById(id); }
    function show(id, visible) { var el = $(id); if (el) { el.hidden = !visible; } }

    function typing() {
      var active = document.activeElement;
      return !!(active && region.contains(active) &&
                (active.tagName === 'INPUT' || active.tagName === 'SELECT' || active.tagName === 'TEXTAREA') &&
                active.type !== 'submit' && active.type !== 'hidden');
    }

    function cardCounts(S) {
      var counts = {};
      Object.keys(S.proposals || {}).forEach(function (k) {
        var p = S.proposals[k];
        if (p.state === 'published' && p.table) { counts[p.table] = (counts[p.table] || 0) + 1; }
      });
      return counts;
    }

    function tableRow(t, index, count, cards) {
      var row = K.make('tpl-table-row', {
        id: t.id, number: index + 1, name: t.name, field_name: t.field ? t.field.name : '',
        cards: cards[t.id] || 0, up: index - 1, down: index + 1, can_up: index > 0,
        can_down: index + 1 < count, facilitator: !!t.facilitator, name_id: 'table-name-' + t.id,
        field_id: 'table-field-' + t.id}, {}, 'tr');
      K.withId(row, t.id);
      Array.prototype.forEach.call(row.querySelectorAll('[data-group]'), function (node) {
        node.textContent = String((t.by_group || {})[node.getAttribute('data-group')] || 0);
      });
      var select = row.querySelector('select[name=field]');
      if (select) { select.value = t.field ? String(t.field.id) : ''; }
      return row;
    }

    function seatRow(p, tables, groups) {
      var group = groups.filter(function (g) { return g.key === p.group; })[0];
      var row = K.make('tpl-seat-row', {id: p.id, name: p.name || '', group_name: group ? group.name : '',
                                         select_id: 'seat-' + p.id}, {number: p.id}, 'tr');
      K.withId(row, p.id);
      var select = row.querySelector('select');
      tables.forEach(function (t) {
        var option = document.createElement('option');
        option.value = String(t.id);
        option.textContent = t.name;
        select.appendChild(option);
      });
      select.value = p.table ? String(p.table) : '';
      return row;
    }

    function draw() {
      var S = getState();
      if (!region || !S) { return; }
      if (typing()) {  // never pull a field away: draw when the focus leaves the section
        if (!waiting) {
          waiting = true;
          region.addEventListener('focusout', function again() {
            region.removeEventListener('focusout', again);
            setTimeout(function () { waiting = false; draw(); }, 0);
          });
        }
        return;
      }
      var tables = S.tables || [], seats = S.seats || [], cards = cardCounts(S);
      var signature = JSON.stringify([tables, seats, cards, S.rotations]);
      if (signature === drawn) { return; }
      drawn = signature;
      show('tables-wrap', tables.length > 0);
      show('tables-empty', !tables.length);
      show('tables-actions', tables.length > 0);
      show('seats', tables.length > 0);
      var focus = where();
      var body = $('tables-rows');
      var open = Array.prototype.filter.call(body.querySelectorAll('tr[data-table]'), function (tr) {
        var box = tr.querySelector('details');
        return box && box.open;
      }).map(function (tr) { return tr.getAttribute('data-table'); });
      body.textContent = '';
      tables.forEach(function (t, index) {
        var row = tableRow(t, index, tables.length, cards);
        if (open.indexOf(String(t.id)) >= 0) { row.querySelector('details').open = true; }
        body.appendChild(row);
      });
      var seatBody = $('seats-rows');
      seatBody.textContent = '';
      seats.forEach(function (p) { seatBody.appendChild(seatRow(p, tables, S.groups || [])); });
      $('seats-count').textContent = String(seats.length);
      $('tables-rotation-count').textContent = String(S.rotations || 0);
      show('tables-rotations', !!S.rotations);
      if (focus) { refocus(focus); }
    }

    /* A focused button (e.g. "Move" in a seat row) gets the focus back in its redrawn row. */
    function where() {
      var active = document.activeElement, row = active && region.contains(active) && active.closest('tr');
      if (!row || active.tagName !== 'BUTTON') { return null; }
      var form = active.form;
      return {row: row.getAttribute('data-participant') ? 'participant' : 'table',
              id: row.getAttribute('data-participant') || row.getAttribute('data-table'),
              action: form ? form.getAttribute('action') : null};
    }
    function refocus(spot) {
      var row = region.querySelector('tr[data-' + spot.row + '="' + spot.id + '"]');
      var buttons = row ? row.querySelectorAll('form button') : [];
      var again = Array.prototype.filter.call(buttons, function (b) {
        return b.form && b.form.getAttribute('action') === spot.action;
      })[0];
      if (again) { again.focus(); }
    }
    return draw;
  };
}());
