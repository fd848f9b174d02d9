/* The phone's ranking ballot (progressive: without this file each proposal's <select> and its
   "Place next" / "Remove" buttons post the form, and the server applies the same steps,
   participant/page.py). Loaded before participant.js, which calls
     ZW.phoneRanking.itemData(data, place, round)  the fields of one item's <template>
     ZW.phoneRanking.refresh()                     after it drew the vote section.
   A tap on "Place next" gives the proposal the next free place; "Remove" takes its place away and
   the ones below move up; choosing a place in a select moves the proposal there and the others
   make room. Every change leaves places 1..m without a gap (domain.ranking), then lets
   participant-ballot.js save the whole ballot, as a change of that item's select. */
(function () {
  'use strict';
  if (!window.ZW) { return; }
  var MAX_PLACES = 10;   // = domain.ranking.MAX_PLACES
  var ours = false;      // the change event this file dispatches itself

  function form() {
    var f = document.getElementById('ballot-form');
    return f && f.getAttribute('data-method') === 'ranking' ? f : null;
  }

  function selects(f) {
    return Array.prototype.filter.call(f.elements, function (el) {
      return el.tagName === 'SELECT' && el.name.indexOf('v-') === 0;
    });
  }

  function places(f) { return parseInt(f.getAttribute('data-budget'), 10) || 0; }

  /* The placed proposals' ids, first place first; `previous` reads the places as last drawn
     (a select the person just changed already shows its new value). */
  function order(f, skip, previous) {
    var entries = selects(f).map(function (s) {
      var seen = previous && s.hasAttribute('data-place') ? s.getAttribute('data-place') : s.value;
      return {id: s.name.slice(2), place: parseInt(seen, 10) || 0};
    }).filter(function (e) { return e.place > 0 && e.id !== skip; });
    entries.sort(function (a, b) { return a.place - b.place || a.id - b.id; });
    return entries.map(function (e) { return e.id; });
  }

  function apply(f, ids) {
    ids = ids.slice(0, places(f));
    selects(f).forEach(function (s) { s.value = String(ids.indexOf(s.name.slice(2)) + 1); });
    refresh();
  }

  function refresh() {
    var f = form();
    if (!f) { return; }
    var ids = order(f), full = ids.length >= places(f), titles = [];
    selects(f).forEach(function (s) {
      var item = s.closest('[data-id]'), place = parseInt(s.value, 10) || 0;
      s.setAttribute('data-place', String(place));
      if (!item) { return; }
      var badge = item.querySelector('.rank-badge');
      if (badge) { badge.textContent = place ? String(place) : ''; badge.hidden = !place; }
      var next = item.querySelector('.rank-next'), remove = item.querySelector('.rank-remove');
      if (next) { next.hidden = !!place || full; }
      if (remove) { remove.hidden = !place; }
    });
    ids.forEach(function (id) {
      var title = document.querySelector('#item-' + id + ' bdi');
      titles.push({title: title ? title.textContent : ''});
    });
    var rest = document.getElementById('remaining');
    if (rest) { rest.textContent = String(places(f) - ids.length); }
    var list = document.getElementById('rank-order');
    if (list && document.getElementById('tpl-rank-entry')) { ZW.render.list(list, titles, 'tpl-rank-entry'); }
  }

  function saveThrough(select) {  // participant-ballot.js saves on the select's change
    ours = true;
    try { select.dispatchEvent(new Event('change', {bubbles: true})); } finally { ours = false; }
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('#ballot-form button[name=rank]');
    var f = form();
    if (!button || !f) { return; }
    event.preventDefault();
    var parts = button.value.split(':'), id = parts[0], ids = order(f);
    var select = f.elements['v-' + id];
    if (!select) { return; }
    if (parts[1] === 'next' && ids.indexOf(id) < 0 && ids.length < places(f)) { ids.push(id); }
    if (parts[1] === 'remove') { ids = ids.filter(function (other) { return other !== id; }); }
    apply(f, ids);
    var item = select.closest('[data-id]');  // keep the focus in this item: the tapped button hides
    var focus = item && item.querySelector(parts[1] === 'next' ? '.rank-remove' : '.rank-next');
    (focus && !focus.hidden ? focus : select).focus();
    saveThrough(select);
  }, true);

  document.addEventListener('change', function (event) {
    var select = event.target, f = form();
    if (ours || !f || select.form !== f || select.tagName !== 'SELECT') { return; }
    var id = select.name.slice(2), place = parseInt(select.value, 10) || 0;
    var ids = order(f, id, true);
    if (place > 0) { ids.splice(Math.min(place - 1, ids.length), 0, id); }
    apply(f, ids);  // then participant-ballot.js saves (this listener runs first: capture)
  }, true);

  window.ZW.phoneRanking = {
    refresh: refresh,
    itemData: function (data, place, round) {
      var full = round.remaining === 0;
      data.place = place || '';
      data.unplaced = !place;
      data.placed_or_full = !!place || full;
      data.next = data.id + ':next';
      data.remove = data.id + ':remove';
      for (var n = 1; n <= MAX_PLACES; n++) { data['o' + n] = n <= round.budget; data['s' + n] = place === n; }
      return data;
    }
  };
}());
