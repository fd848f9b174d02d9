/* Projector screen: fit, then page — every card and row becomes fully visible, nothing is clipped.
   First the panel's text shrinks in steps (--fit, down to a readable minimum) until every
   paged box ([data-page]: a wall column's cards, the result rows) holds its items and no word
   is wider than its card. What still does not fit is shown a page at a time: the box scrolls to
   whole items and is cut after the last whole one, its pager says "Page 2 of 3 · +12 more",
   and all boxes turn the page together every ROTATE_MS. Words never break mid-word unless even
   the smallest size cannot hold one (.fit-min, last resort).
   window.ZW.fit(root) -> {layout(panel), pages() -> [page count per paged box], turn()}
   (root's data-rotate-ms sets the rotation; tests turn the pages themselves). ES2017. */
(function () {
  'use strict';
  window.ZW = window.ZW || {};
  window.ZW.fit = function (root) {
    var FIT_STEPS = [1, 0.92, 0.85, 0.78, 0.72];
    var ROTATE_MS = +(root.getAttribute('data-rotate-ms') || 12000);
    var pagers = [];
    var tick = 0;

    function tooTall(panel) {
      var boxes = panel.querySelectorAll('[data-page]');
      for (var i = 0; i < boxes.length; i++) {
        if (boxes[i].scrollHeight > boxes[i].clientHeight + 1) { return true; }
      }
      return false;
    }

    function tooWide(panel) {
      var texts = panel.querySelectorAll('.wall-card, .result-title, .wall-column > h3 bdi');
      for (var j = 0; j < texts.length; j++) {
        if (texts[j].scrollWidth > texts[j].clientWidth + 1) { return true; }
      }
      return false;
    }

    /* The size found is kept while the panel shows the same kind and number of items at the
       same viewport: a tally redraws the panel several times a second, and the text should
       not jump with every vote (nor cost five layouts each time). */
    var found = {key: null, step: 0};
    function fit(panel) {
      var key = [panel.getAttribute('data-mode'), panel.querySelectorAll('[data-page] > *').length,
                 window.innerWidth, window.innerHeight].join(':');
      var i = key === found.key ? found.step : 0;
      panel.classList.remove('fit-min');
      for (; i < FIT_STEPS.length; i++) {
        panel.style.setProperty('--fit', String(FIT_STEPS[i]));
        if (!tooTall(panel) && !tooWide(panel)) { break; }
      }
      found = {key: key, step: Math.min(i, FIT_STEPS.length - 1)};
      if (i === FIT_STEPS.length && tooWide(panel)) { panel.classList.add('fit-min'); }
    }

    function paginate(panel) {
      pagers = [];
      Array.prototype.forEach.call(panel.querySelectorAll('[data-page]'), function (box) {
        var pager = box.parentNode.querySelector(':scope > [data-pager]');
        var items = Array.prototype.slice.call(box.children);
        box.style.maxBlockSize = '';
        box.scrollTop = 0;
        if (pager) { pager.hidden = true; }
        if (!items.length || box.scrollHeight <= box.clientHeight + 1) { return; }
        if (pager) { pager.setAttribute('data-label', '\u00a0'); pager.hidden = false; }  // its line is taken from the box
        var room = box.clientHeight;
        var top0 = box.getBoundingClientRect().top;  // sub-pixel positions, relative to the box
        var tops = items.map(function (item) { return item.getBoundingClientRect().top - top0; });
        var bottoms = items.map(function (item) { return item.getBoundingClientRect().bottom - top0; });
        var pages = [], start = 0;
        items.forEach(function (item, i) {
          if (i > start && bottoms[i] - tops[start] > room) { pages.push([start, i - 1]); start = i; }
        });
        pages.push([start, items.length - 1]);
        pagers.push({box: box, items: items, pages: pages, pager: pager, tops: tops, bottoms: bottoms});
      });
      showPages();
    }

    function showPages() {
      pagers.forEach(function (p) {
        var page = p.pages[tick % p.pages.length];
        // cut after the page's last item (a pixel of slack for rounding; the next item is a gap away)
        p.box.style.maxBlockSize = (Math.ceil(p.bottoms[page[1]] - p.tops[page[0]]) + 1) + 'px';
        p.box.scrollTop = p.tops[page[0]];
        if (p.pager) {
          var text = p.pager.getAttribute('data-page-of').replace('%(page)s', tick % p.pages.length + 1)
            .replace('%(pages)s', p.pages.length);
          var more = p.items.length - 1 - page[1];
          if (more > 0) { text += ' · ' + p.pager.getAttribute('data-more').replace('%(count)s', more); }
          p.pager.setAttribute('data-label', text);  // drawn by CSS: the panel's text stays the server's
          p.pager.hidden = false;
        }
      });
    }

    function layout(panel) {
      if (!panel) { return; }
      fit(panel);
      paginate(panel);
    }
    window.setInterval(function () {
      if (pagers.length) { tick += 1; showPages(); }
    }, ROTATE_MS);

    return {layout: layout,
            pages: function () { return pagers.map(function (p) { return p.pages.length; }); },
            turn: function () { tick += 1; showPages(); return tick; }};
  };
}());
