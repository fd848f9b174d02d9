/* The projector's tables (stations) panels, drawn from the pushed state like the rest of the
   screen (screen.js calls these; templates/screen/_tables_templates.html holds the <template>s):
   "tables" — every table's name, field, cards written there and who is seated per group;
   "table"  — one table's wall, large. Card counts and the wall come from the published cards
   the screen holds (each names its `table`), the seats from the pushed `tables` overview.
   ES2017; text via textContent/setAttribute only. */
(function () {
  'use strict';
  window.ZW = window.ZW || {};
  window.ZW.screenTables = function (h) {
    // h: {state(), make(id, data), cloneAll(id), slot(el, name), fillList(list, els), lang}
    function fieldIndex(field) {
      if (!field) { return 9; }
      var fields = h.state().fields || [];
      for (var i = 0; i < fields.length; i++) { if (fields[i].id === field.id) { return i % 10 + 1; } }
      return 9;
    }
    function cardsAt(tableId) {
      var proposals = h.state().proposals || {};
      return Object.keys(proposals).map(Number).sort(function (a, b) { return b - a; })
        .map(function (id) { return proposals[id]; })
        .filter(function (p) { return p.table === tableId; });
    }

    function tablesPanel() {
      var state = h.state();
      var panel = h.cloneAll('tpl-tables');
      var list = h.slot(panel, 'list="tiles"');
      var model = document.getElementById('tpl-table-tile');
      var tables = state.tables || [];
      h.fillList(list, tables.map(function (t) {
        var count = cardsAt(t.id).length;
        var tile = h.make('tpl-table-tile', {
          id: t.id, name: t.name, cls: 'table-tile field-' + fieldIndex(t.field),
          field_name: t.field ? t.field.name : model.getAttribute('data-none'), cards: count,
          cards_label: model.getAttribute(count === 1 ? 'data-card' : 'data-cards')});
        h.fillList(h.slot(tile, 'list="groups"'), (state.groups || []).filter(function (g) {
          return (t.by_group || {})[g.key] > 0;
        }).map(function (g) {
          return h.make('tpl-tile-group', {name: g.name, count: t.by_group[g.key],
                                           swatch: 'group-swatch group-' + g.colour + ' pattern-' + g.colour});
        }));
        return tile;
      }));
      list.setAttribute('data-tables', String(tables.length));
      return panel;
    }

    function tablePanel() {
      var state = h.state();
      var wall = state.table_wall || {table: {id: null, name: '', field: null}};
      var t = wall.table;
      var model = document.getElementById('tpl-table-tile');
      var panel = h.make('tpl-table-wall', {name: t.name, cls: 'table-wall field-' + fieldIndex(t.field),
                                            field_name: t.field ? t.field.name : model.getAttribute('data-none')});
      h.fillList(h.slot(panel, 'list="cards"'), cardsAt(t.id).map(function (p) {
        return h.make('tpl-wall-card', {id: p.id, title: p.shy || p.title, lang: p.lang || h.lang});
      }));
      return panel;
    }

    return {tables: tablesPanel, table: tablePanel};
  };
}());
