/* sphinx-disclosure: the version switcher.
 *
 * Added to the pages of a version built by `sphinx-disclosure versions` (disclosure_version set).
 * Reads versions.json one folder above the version's root and lists the versions, newest first,
 * with "latest" as an alias; the current one is marked (aria-current). Each entry links to the
 * same page in that version when that page exists there (asked with a HEAD request when the
 * list is opened or an entry chosen), else to that version's home page. Works in any theme: it
 * draws its own control, a <details> disclosure with plain links (Tab, Enter, Escape).
 * Its words come from the data attributes of its own <script> tag; the page's text is only
 * ever set as text, never parsed as HTML.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || !window.fetch || !window.URL) {
    return;
  }
  var data = script.dataset;
  var current = data.version || '';
  var words = {};
  try {
    words = JSON.parse(data.words || '{}');
  } catch (e) {
    words = {};
  }

  function say(key, params) {
    var text = words[key] || '';
    Object.keys(params || {}).forEach(function (name) {
      text = text.split('{' + name + '}').join(params[name]);
    });
    return text;
  }

  /* the root of this version: Sphinx's data-content_root on <html>, else the folder above
     _static/, where this script is */
  function versionRoot() {
    var root = document.documentElement.getAttribute('data-content_root');
    if (root !== null) {
      return new URL(root || './', location.href);
    }
    return new URL('../', script.src);
  }

  var root = versionRoot();
  var here = location.pathname;
  var page = here.indexOf(root.pathname) === 0 ? here.slice(root.pathname.length) : '';
  var listUrl = new URL(data.versionsUrl || '../versions.json', root);

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  /* the control: drawn at once (it shows the current version even when the list cannot be
     loaded); filled in when versions.json arrives */
  var nav = element('nav', 'disclosure-versions');
  nav.setAttribute('aria-label', say('menu'));
  var details = element('details');
  var summary = element('summary');
  summary.appendChild(element('span', 'disclosure-versions-label', say('label')));
  summary.appendChild(document.createTextNode(' '));
  summary.appendChild(element('span', 'disclosure-versions-current', current));
  var note = element('span', 'disclosure-versions-note');
  summary.appendChild(note);
  var list = element('ul', 'disclosure-versions-list');
  details.appendChild(summary);
  details.appendChild(list);
  nav.appendChild(details);
  /* room at the end of the page, so that the control never hides its last lines */
  var spacer = element('div', 'disclosure-versions-spacer');
  spacer.setAttribute('aria-hidden', 'true');
  document.body.appendChild(spacer);
  document.body.appendChild(nav);

  /* data-state: loading, ready or unavailable */
  nav.setAttribute('data-state', 'loading');

  function unavailable() {
    list.textContent = '';
    list.appendChild(element('li', 'disclosure-versions-unavailable', say('unavailable')));
    nav.setAttribute('data-state', 'unavailable');
  }

  /* where an entry leads: the same page there when it exists (asked once), else its home */
  function sameOrHome(entry) {
    var home = new URL(entry.url, listUrl);
    if (!page) {
      return Promise.resolve({ url: home.href, same: false });
    }
    var same = new URL(page, home);
    return fetch(same.href, { method: 'HEAD', cache: 'no-cache' })
      .then(function (response) {
        return response.ok ? { url: same.href, same: true } : { url: home.href, same: false };
      })
      .catch(function () {
        return { url: home.href, same: false };
      });
  }

  /* the same page keeps the reader's place: the #fragment as it is now (a cell, a section) */
  function address(target) {
    return target.same ? target.url + location.hash : target.url;
  }

  var links = [];

  function resolveAll() {
    links.forEach(function (link) {
      if (!link.target) {
        link.target = sameOrHome(link.entry).then(function (target) {
          link.a.href = address(target);
          return target;
        });
      }
    });
  }

  function follow(link, event) {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return; /* a new tab or window: the link's href as it is now */
    }
    event.preventDefault();
    resolveAll();
    link.target.then(function (target) {
      location.assign(address(target));
    });
  }

  function entryLink(entry, text, isCurrent) {
    var a = element('a', 'disclosure-versions-link');
    a.href = new URL(entry.url, listUrl).href;
    a.appendChild(element('span', 'disclosure-versions-name', text));
    var detail = entry.kind === 'branch' ? say('unpublished')
      : entry.published ? say('published', { date: entry.published }) : '';
    if (detail && entry.kind !== 'alias') {
      a.appendChild(element('span', 'disclosure-versions-date', detail));
    }
    if (isCurrent) {
      a.setAttribute('aria-current', 'page');
    }
    var link = { entry: entry, a: a, target: null };
    links.push(link);
    a.addEventListener('click', function (event) {
      follow(link, event);
    });
    return a;
  }

  function show(versions) {
    list.textContent = '';
    var latest = null;
    versions.forEach(function (entry) {
      if (entry.latest) {
        latest = entry.name;
      }
    });
    versions.forEach(function (entry) {
      if (!entry || typeof entry.url !== 'string' || typeof entry.name !== 'string') {
        return;
      }
      var item = element('li', 'disclosure-versions-item');
      var title = String(entry.title || entry.name);
      if (entry.kind === 'alias') {
        item.className += ' disclosure-versions-alias';
        var target = versions.filter(function (v) { return v.name === entry.alias_of; })[0];
        if (!target) {
          return;
        }
        item.appendChild(entryLink(target, say('latest', { version: target.title || target.name }),
          false));
      } else {
        item.appendChild(entryLink(entry, title, entry.name === current));
        (entry.pdfs || []).forEach(function (pdf) {
          var a = element('a', 'disclosure-versions-pdf', say('pdf'));
          a.href = new URL(pdf, listUrl).href;
          a.setAttribute('aria-label', say('pdfLabel', { version: title }));
          item.appendChild(a);
        });
      }
      list.appendChild(item);
    });
    if (current && latest && current !== latest) {
      var mine = versions.filter(function (v) { return v.name === current; })[0];
      note.textContent = ' · ' + (mine && mine.kind === 'branch' ? say('unpublished')
        : say('notLatest'));
      nav.classList.add('disclosure-versions-old');
    }
    nav.setAttribute('data-state', 'ready');
    if (details.open) {
      resolveAll();
    }
  }

  details.addEventListener('toggle', function () {
    if (details.open) {
      resolveAll();
    }
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && details.open) {
      details.open = false;
      summary.focus();
    }
  });
  document.addEventListener('click', function (event) {
    if (details.open && !nav.contains(event.target)) {
      details.open = false;
    }
  });

  fetch(listUrl.href, { cache: 'no-cache' })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(function (versions) {
      if (Array.isArray(versions)) {
        show(versions);
      }
    })
    .catch(function () {
      unavailable(); /* opened from file://, or no versions.json: say so quietly */
    });
})();
