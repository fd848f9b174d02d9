/* Supporting a proposal instead of writing a duplicate (progressive: without this file each
   card's form, and each "Support this one instead" button of the similar-proposal hint, posts to
   the server and comes back). Loaded before participant.js. With it, the same forms and buttons
   call POST/DELETE /api/v1/proposals/<id>/support; the answer (the count and whether this phone
   supports it) goes into the phone's state, which participant.js draws. Whom the phone supports
   is its own: it comes from its snapshot and these answers, never from a broadcast. */
(function () {
  'use strict';
  if (!window.ZW) { return; }

  function supportUrl(id) {
    var tpl = document.getElementById('tpl-published-item');
    var form = tpl && tpl.content.querySelector('form[data-support]');
    return form ? form.getAttribute('action').replace('/proposals/0/', '/proposals/' + id + '/') : '';
  }

  function status(text, isError) {
    var el = document.getElementById('support-status');
    if (!el) { return; }
    el.hidden = false;
    el.className = isError ? 'error-text' : 'saved-indicator';
    el.textContent = text;
  }

  function known(id) {
    var state = ZW.phone && ZW.phone.state();
    return state && state.proposals ? state.proposals[id] : null;
  }

  /* What a published card draws of its support (participant.js: drawPublished). */
  function data(p) {
    return {supporters: p.supporters || 0, supported: !!p.supported, own: !!p.own, title_id: 'p-' + p.id + '-title',
            support_url: supportUrl(p.id), support_action: p.supported ? 'withdraw' : 'support'};
  }

  function send(id, withdrawing, done) {
    ZW.api(withdrawing ? 'DELETE' : 'POST', '/api/v1/proposals/' + id + '/support').then(function (res) {
      if (res.ok && res.data) {
        var p = known(id);
        if (p) { p.supporters = res.data.supporters; p.supported = res.data.supported; }
        if (ZW.phone) { ZW.phone.draw(); }
        status(ZW.t(res.data.supported ? 'supported' : 'unsupported'), false);
      } else {
        var error = res.data && res.data.error;
        status((error && error.message) || ZW.t('error'), true);
      }
      if (done) { done(res); }
    });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target, button = event.submitter || null;
    var hinted = button && button.getAttribute('data-support-id');
    var id = hinted || form.getAttribute('data-support');
    if (!id || !ZW.phone) { return; }
    event.preventDefault();
    var field = form.querySelector('input[name="action"]');
    var withdrawing = !hinted && field && field.value === 'withdraw';
    if (button) { button.disabled = true; }
    send(Number(id), withdrawing, function (res) {
      if (!hinted) { return; }
      if (res.ok) {  // the hint's button becomes "You support this"
        var badge = document.createElement('span');
        badge.className = 'badge badge-published';
        badge.textContent = ZW.t('you_support');
        button.replaceWith(badge);
      } else {
        button.disabled = false;
      }
    });
  });

  /* The similar-proposal hint's button for one look-alike (participant-similar.js), or null for
     one's own proposal; "You support this" when the phone supports it already. */
  function hintControl(proposal) {
    var p = known(proposal.id);
    if (p && p.own) { return null; }
    if (p && p.supported) {
      var badge = document.createElement('span');
      badge.className = 'badge badge-published';
      badge.textContent = ZW.t('you_support');
      return badge;
    }
    var button = document.createElement('button');
    button.type = 'submit';
    button.className = 'btn btn-small btn-secondary';
    button.name = 'action';
    button.value = 'support';
    button.setAttribute('data-support-id', String(proposal.id));
    button.setAttribute('formaction', supportUrl(proposal.id));
    button.textContent = ZW.t('support_instead');
    return button;
  }

  window.ZW.phoneSupport = {data: data, hintControl: hintControl};
}());
