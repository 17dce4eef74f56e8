/* global document */
// "Load more" on a public notebook page (components/notebook/NotebookListing.tsx): appends the
// following pages in place from the page's JSON (/api/nb/<id>?page=N). Without JavaScript the
// numbered page links do the same job. Text only: entries are built with textContent, never HTML.
(function () {
  'use strict';
  var button = document.querySelector('button.load-more');
  var list = document.querySelector('[data-testid="notebook-notes"]');
  var status = document.querySelector('.load-more-status');
  if (!button || !list || !status) return;
  var seen = {};
  list.querySelectorAll('a').forEach(function (a) { seen[a.getAttribute('href')] = true; });
  function entry(note) {
    var li = document.createElement('li');
    li.lang = note.lang;
    var a = document.createElement('a');
    a.href = note.href;
    a.textContent = note.title;
    li.appendChild(a);
    if (note.updated) {
      var meta = document.createElement('span');
      meta.className = 'note-list-meta';
      var time = document.createElement('time');
      time.dateTime = note.updated;
      time.textContent = note.updated.slice(0, 10);
      meta.appendChild(time);
      li.appendChild(meta);
    }
    return li;
  }
  button.hidden = false;
  button.addEventListener('click', function () {
    button.disabled = true;
    status.textContent = status.dataset.loading || '';
    fetch(button.dataset.api + '?page=' + button.dataset.nextPage, { headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (page) {
        // A note published meanwhile shifts pages by one: each entry is appended once.
        page.notes.forEach(function (note) {
          if (seen[note.href]) return;
          seen[note.href] = true;
          list.appendChild(entry(note));
        });
        status.textContent = '';
        if (page.nextPage === null) button.parentNode.removeChild(button);
        else button.dataset.nextPage = String(page.nextPage);
      })
      .catch(function () {
        status.textContent = status.dataset.failed || '';
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
