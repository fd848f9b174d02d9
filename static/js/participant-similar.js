/* Similar proposals while a title is typed (progressive: without this file the form's "Check for
   similar proposals" button asks the server). Loaded before participant.js, which calls
   ZW.phoneSimilar(code) once. Shows up to three published look-alikes, each a link to the proposal
   in the list below, and says when a similar one waits for the moderators (never its text).
   Never redraws the proposal form: the text being typed stays. */
(function () {
  'use strict';
  if (!window.ZW) { return; }

  function paragraph(text) {
    var p = document.createElement('p');
    p.textContent = text;
    return p;
  }

  function draw(box, data) {
    box.textContent = '';
    var found = data.similar || [];
    if (found.length) {
      var list = document.createElement('ul');
      list.className = 'similar-list';
      found.forEach(function (proposal) {
        var li = document.createElement('li'), link = document.createElement('a');
        var bdi = document.createElement('bdi');
        link.href = '#p-' + proposal.id;
        bdi.textContent = proposal.title;
        link.appendChild(bdi);
        li.appendChild(link);
        var control = ZW.phoneSupport ? ZW.phoneSupport.hintControl(proposal) : null;
        if (control) { li.appendChild(document.createTextNode(' ')); li.appendChild(control); }
        list.appendChild(li);
      });
      box.appendChild(paragraph(ZW.t('similar')));
      box.appendChild(list);
    }
    if (data.waiting) { box.appendChild(paragraph(ZW.t('waiting'))); }
  }

  window.ZW.phoneSimilar = function (code) {
    var timer = null, asked = 0;
    document.addEventListener('input', function (event) {
      if (event.target.id !== 'title' || !document.getElementById('propose-form')) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        var ticket = ++asked;
        var url = '/api/v1/workshops/' + code + '/similar?q=' + encodeURIComponent(event.target.value);
        ZW.api('GET', url).then(function (res) {
          var box = document.getElementById('similar');
          if (box && res.ok && res.data && ticket === asked) { draw(box, res.data); }
        });
      }, 400);
    });
  };
}());
