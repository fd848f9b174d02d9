/* Moderator console, part 1 of 4: template helpers (window.ZW.consoleKit).
   The console's rows and cards are <template>s rendered by the server with the same macros as
   the page (templates/moderator/_macros.html, _templates.html). These helpers clone and fill
   them: [data-field] / [data-attr] / [data-if] as in live.js's ZW.render; [data-fmt] elements
   hold a translated sentence whose %(name)s placeholders are replaced as textContent; the id
   987654321 in attributes is the proposal's or round's id. Text is set with textContent and
   setAttribute only. ES2017, no dependencies beyond live.js. */
(function () {
  'use strict';
  if (!window.ZW || !window.ZW.render) { return; }
  var R = window.ZW.render;
  var MARK = /987654321/g;
  var strings = null;

  function string(key) {  // translated words from #tpl-console-strings
    if (strings === null) {
      strings = {};
      var holder = document.getElementById('tpl-console-strings');
      Array.prototype.forEach.call(holder ? holder.content.querySelectorAll('[data-key]') : [],
        function (node) { strings[node.getAttribute('data-key')] = node.textContent; });
    }
    return strings[key] || '';
  }
  function sentence(text, params) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return params[name] === undefined || params[name] === null ? '' : String(params[name]);
    });
  }
  function fmt(element, params) {
    var nodes = Array.prototype.slice.call(element.querySelectorAll('[data-fmt]'));
    if (element.hasAttribute && element.hasAttribute('data-fmt')) { nodes.push(element); }
    nodes.forEach(function (node) {
      node.textContent = sentence(node.textContent, params);
      node.removeAttribute('data-fmt');
    });
    return element;
  }
  function model(id, selector) {
    var content = document.getElementById(id).content;
    return selector ? content.querySelector(selector) : content.firstElementChild;
  }
  function withId(element, id) {  // the template's placeholder id → the real one, in attributes
    [element].concat(Array.prototype.slice.call(element.querySelectorAll('*'))).forEach(function (node) {
      Array.prototype.forEach.call(node.attributes, function (attr) {
        if (attr.value.indexOf('987654321') >= 0) { attr.value = attr.value.replace(MARK, String(id)); }
      });
    });
    return element;
  }
  function make(id, data, params, selector) {
    return fmt(R.fill(model(id, selector).cloneNode(true), data), params || {});
  }
  function editing(region) {  // a field in use or an open <details>: never pull it away
    var active = document.activeElement;
    var typing = active && region.contains(active) && (active.tagName === 'TEXTAREA' || active.tagName === 'SELECT' ||
      (active.tagName === 'INPUT' && active.type !== 'submit' && active.type !== 'button'));
    return !!typing || !!region.querySelector('details[open]');
  }
  function keepFocus(region, redraw) {  // a focused button gets the focus back after a redraw
    var active = document.activeElement, form = active && region.contains(active) && active.form;
    var action = form ? form.getAttribute('action') : null, value = active ? active.value : '';
    redraw();
    if (action === null) { return; }
    var again = Array.prototype.filter.call(region.querySelectorAll('form button'), function (b) {
      return b.form && b.form.getAttribute('action') === action && b.value === value;
    })[0];
    if (again) { again.focus(); }
  }

  window.ZW.consoleKit = {render: R, string: string, sentence: sentence, fmt: fmt, model: model,
                          withId: withId, make: make, busy: editing, keepFocus: keepFocus};
}());
