/* The phone's ballot (progressive: the form also works without this file). Loaded before
   participant.js, which calls ZW.phoneBallot(ctx) once:
     ctx.state()   the phone's state (S), ctx.resync() fetch the state after a refusal.
   Saves the whole ballot on every change through the JSON API (PUT is idempotent, so a change
   made offline is sent again and counts exactly once); says "saved" — or why not — next to the
   item that was tapped, and keeps saying it when the section is redrawn (restore()); an approval
   beyond the round's limit is refused here at once, with the reason, before anything is sent. */
(function () {
  'use strict';
  if (!window.ZW) { return; }

  window.ZW.phoneBallot = function (ctx) {
    var saving = false, dirty = false, retryTimer = null;
    var tapped = null;      // id of the item last changed: "saved" appears next to it
    var message = null;     // {text, error}: the last word, said again after a redraw
    var note = null;        // said with the next "saved": a typed number was more than was left

    function $(id) { return document.getElementById(id); }
    function form() { return $('ballot-form'); }

    function show() {
      var el = $('ballot-status');
      if (!el || !message) { return; }
      var item = tapped !== null && $('item-' + tapped);
      if (item && el.parentNode !== item) { item.appendChild(el); }
      el.textContent = message.text;
      el.hidden = false;
      el.className = message.error ? 'error-text' : 'saved-indicator';
    }

    function status(text, isError) {
      message = {text: text, error: !!isError};
      show();
    }

    function formVotes(f) {
      var votes = {};
      Array.prototype.forEach.call(f.elements, function (el) {
        if (!el.name || el.name.indexOf('v-') !== 0) { return; }
        if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) { return; }
        var value = parseInt(el.value, 10);
        if (!isNaN(value)) { votes[el.name.slice(2)] = value; }
      });
      return votes;
    }

    function save() {
      var f = form();
      if (!f) { return; }
      if (saving) { dirty = true; return; }
      saving = true; dirty = false;
      clearTimeout(retryTimer);
      status(ZW.t('saving'));
      var roundId = parseInt(f.getAttribute('data-round'), 10), votes = formVotes(f);
      ZW.api('PUT', '/api/v1/rounds/' + roundId + '/ballot', {votes: votes}).then(function (res) {
        saving = false;
        var S = ctx.state();
        if (res.ok) {
          if (S && S.round && S.round.id === roundId && res.data) {
            S.round.ballot = {votes: res.data.votes || {}};
            S.round.remaining = res.data.remaining;
          }
          if (dirty) { save(); return; }
          status(note ? ZW.t('saved') + ' ' + note : ZW.t('saved'));
          note = null;
          var rest = $('remaining');
          if (rest && res.data && res.data.remaining !== null) { rest.textContent = res.data.remaining; }
          var group = $('group-change');  // the group is fixed from the first vote on
          if (group && res.data && Object.keys(res.data.votes || {}).length) { group.remove(); }
        } else if (res.status === 0) {
          dirty = true;  // keep the latest ballot and send it again when the connection is back
          status(ZW.t('retry'), true);
          retryTimer = setTimeout(save, 4000);
        } else {
          var error = res.data && res.data.error;
          var text = (error && error.message) || ZW.t('error');
          if (error && error.code === 'over_budget' && f.getAttribute('data-method') === 'approval') {
            text = ZW.t('over_limit', {budget: f.getAttribute('data-budget')});
          }
          status(text, true);
          ctx.resync();  // show what is really stored; restore() says the reason again
        }
      });
    }

    function overLimit(input) {
      var f = input.form, budget = parseInt(f.getAttribute('data-budget'), 10);
      if (f.getAttribute('data-method') !== 'approval' || !input.checked || isNaN(budget)) { return false; }
      var ticked = f.querySelectorAll('input[type=checkbox]:checked').length;
      if (ticked <= budget) { return false; }
      input.checked = false;
      status(ZW.t('over_limit', {budget: budget}), true);
      return true;
    }

    function dotsLimits(f) {
      return {budget: parseInt(f.getAttribute('data-budget'), 10), max: parseInt(f.getAttribute('data-max'), 10)};
    }

    function dotsUsed(f) {
      var votes = formVotes(f), used = 0;
      Object.keys(votes).forEach(function (k) { used += votes[k]; });
      return used;
    }

    /* Points left and the steppers' states after a change of the dots (steps or typed numbers). */
    function dotsRefresh(f) {
      var limits = dotsLimits(f), used = dotsUsed(f);
      var rest = $('remaining');
      if (rest) { rest.textContent = limits.budget - used; }
      Array.prototype.forEach.call(f.querySelectorAll('button[name=step]'), function (b) {
        var p = b.value.split(':'), v = parseInt(f.elements['v-' + p[0]].value, 10) || 0;
        b.disabled = p[1] === '+1' ? (v >= limits.max || used >= limits.budget) : v <= 0;
      });
    }

    function step(button) {
      var f = form(), parts = button.value.split(':');
      var input = f.elements['v-' + parts[0]], limits = dotsLimits(f), used = dotsUsed(f);
      var value = (parseInt(input.value, 10) || 0) + (parts[1] === '+1' ? 1 : -1);
      if (value < 0 || value > limits.max || (parts[1] === '+1' && used >= limits.budget)) { return; }
      input.value = value;
      dotsRefresh(f);
      save();
    }

    /* A number typed into a dots field: a whole number from 0 up to what is left for it. */
    function typed(input) {
      var f = input.form, limits = dotsLimits(f);
      var value = parseInt(input.value, 10);
      input.value = 0;
      var room = Math.min(limits.max, limits.budget - dotsUsed(f));
      var clamped = isNaN(value) || value < 0 ? 0 : Math.min(value, room);
      input.value = clamped;
      dotsRefresh(f);
      if (!isNaN(value) && value > clamped) { note = ZW.t('points_clamped', {max: clamped}); }
    }

    function itemOf(element) {
      var item = element.closest && element.closest('#ballot-form [data-id]');
      return item ? item.getAttribute('data-id') : null;
    }

    document.addEventListener('click', function (event) {
      var button = event.target.closest && event.target.closest('#ballot-form button[name=step]');
      if (button) { event.preventDefault(); tapped = itemOf(button); step(button); }
    });
    document.addEventListener('change', function (event) {
      if (!event.target.form || event.target.form.id !== 'ballot-form') { return; }
      tapped = itemOf(event.target);
      if (event.target.type === 'number') { typed(event.target); }
      if (!overLimit(event.target)) { save(); }
    });
    document.addEventListener('submit', function (event) {
      if (event.target.id === 'ballot-form') { event.preventDefault(); tapped = null; save(); }
    });

    return {
      save: save,
      formVotes: formVotes,
      busy: function () { return saving || dirty; },
      dirty: function () { return dirty; },
      restore: show,                       // after the vote section was drawn anew
      forget: function () { message = null; tapped = null; }  // another round: nothing to say
    };
  };
}());
