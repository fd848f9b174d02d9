/* Moderator console, part 3 of 4: actions (window.ZW.consoleActions(root, applyState)).
   Every action stays a plain form (without JavaScript it posts and the page comes back with the
   message on top). Here the forms are sent with fetch (Accept: JSON, X-CSRFToken); the answer's
   message appears right next to the button that was used (#console-message, a live region:
   status for success, alert for errors) and its console state is applied — no page reload.
   Forms that answer with a page (merge preview, screen link, removing participants) are left
   to the browser. Also: keyboard shortcuts (N next phase, O start/close voting, S spotlight,
   T timer; off while typing) and the scale of the live screen miniature. */
(function () {
  'use strict';
  if (!window.ZW) { return; }

  window.ZW.consoleActions = function (root, applyState) {
    var message = document.getElementById('console-message');
    var hideTimer = null;

    function place(box) {  // just below the control that was used (its place when it was used)
      if (!box) { message.classList.remove('is-near'); return; }
      var width = Math.min(384, window.innerWidth - 16);
      var rtl = document.documentElement.getAttribute('dir') === 'rtl';
      var left = rtl ? box.right - width : box.left;
      message.classList.add('is-near');
      message.style.left = Math.max(8, Math.min(left, window.innerWidth - width - 8)) + 'px';
      message.style.top = Math.min(box.bottom + 6, window.innerHeight - 96) + 'px';
    }
    function say(text, error, anchor) {
      if (!message) { return; }
      clearTimeout(hideTimer);
      message.setAttribute('role', error ? 'alert' : 'status');
      message.className = 'alert ' + (error ? 'alert-error' : 'alert-success');
      message.textContent = text || '';
      message.hidden = !text;
      place(anchor);
      if (!error) { hideTimer = setTimeout(function () { message.hidden = true; }, 6000); }
    }
    if (message) {
      message.addEventListener('click', function () { message.hidden = true; });
      document.addEventListener('keydown', function (event) {
        if (event.key === 'Escape' && !message.hidden) { message.hidden = true; }
      });
    }

    function native(form) {
      var action = form.getAttribute('action') || '';
      return form.id === 'merge-form' || /\/(merge|merge\/confirm|screen-link|participants\/remove|facilitator|agenda\/[a-z]+)$/.test(action) ||
        (form.getAttribute('method') || '').toLowerCase() !== 'post';
    }
    document.addEventListener('submit', function (event) {
      var form = event.target;
      if (!root.contains(form) || native(form)) { return; }
      event.preventDefault();
      var body = new FormData(form);
      var submitter = event.submitter;
      if (submitter && submitter.name) { body.append(submitter.name, submitter.value); }
      var anchor = (submitter || form).getBoundingClientRect();
      if (message) { message.hidden = true; }  // the answer to the previous action is over
      if (submitter) { submitter.setAttribute('aria-busy', 'true'); }
      fetch(form.getAttribute('action'), {method: 'POST', body: body, credentials: 'same-origin',
                                          headers: {'Accept': 'application/json', 'X-CSRFToken': body.get('csrf_token') || ''}})
        .then(function (response) {
          var type = response.headers.get('Content-Type') || '';
          if (type.indexOf('application/json') < 0) { form.submit(); return null; }  // not ours: the page answers
          return response.json().then(function (data) {
            if (data.ok) {
              say(data.message, false, anchor);
              if (form.hasAttribute('data-reset-on-success')) { form.reset(); }
              var box = form.closest('details');  // [data-keep-open]: a list worked through (seats)
              if (box && !box.hasAttribute('data-keep-open')) { box.open = false; }
              if (data.state) { applyState(data.state); }
            } else {
              say(data.error, true, anchor);
            }
          });
        })
        .catch(function () { form.submit(); })  // offline: the plain form shows what happens
        .then(function () { if (submitter) { submitter.removeAttribute('aria-busy'); } });
    });

    /* keyboard shortcuts (documented on the page) */
    function typing(target) {
      var tag = target && target.tagName;
      return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (target && target.isContentEditable);
    }
    function press(selector) {
      var button = Array.prototype.filter.call(document.querySelectorAll(selector), function (b) {
        return !b.hidden && !b.closest('[hidden]');
      })[0];
      if (!button) { return false; }
      button.click();
      return true;
    }
    document.addEventListener('keydown', function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
      var key = (event.key || '').toLowerCase();
      var done = false;
      if (key === 's') {
        var item = document.activeElement && document.activeElement.closest &&
          document.activeElement.closest('[data-proposal]');
        var own = item && item.querySelector('[data-spotlight]');
        done = own ? (own.click(), true) : press('[data-shortcut="s"]');
      } else if (key === 'n' || key === 'o' || key === 't') {
        done = press('[data-shortcut="' + key + '"]');
      }
      if (done) { event.preventDefault(); }
    });

    /* "New voting round" in the next step opens the round form it points at */
    document.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('a[href="#new-round"]');
      var details = link && document.getElementById('new-round');
      if (details) { details.open = true; }
    });

    /* the live miniature of the screen: the screen page at 1280×720, scaled to its box */
    var preview = document.getElementById('screen-preview');
    var frame = preview && preview.querySelector('iframe');
    function scale() { frame.style.transform = 'scale(' + (preview.clientWidth / 1280) + ')'; }
    if (frame) {
      scale();
      if (window.ResizeObserver) { new ResizeObserver(scale).observe(preview); }
    }
    return {say: say};
  };
}());
