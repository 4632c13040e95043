// Same-document navigation (JavaScript on). Every page is rendered on the
// server; this script makes moving between them feel like one application:
// a click on a link or a form submission to this origin fetches the next page,
// morphs the body into it (only what differs is touched), updates the address
// bar and history, and hydrates the islands the new page brings. It also loads
// the islands bundle (`data-js`, `data-wasm` on this script) after the first
// page has loaded. Without JavaScript, or if anything goes wrong,
// the browser's own navigation does the same job.
//
// Focus and announcements: after a new page, focus returns to the start of the
// document (the skip link is the next Tab stop) and the page title is read out
// by a live region that never leaves the DOM. A form marked `data-keep-focus`
// (the catalogue's filters, which apply as a box is ticked) instead has focus
// put back on the control with the same id in the new page, and the element
// marked `data-announce` read out.
//
// A redirect the server answers to this script is sent as `204` with the
// target in `techcat-redirect`, because fetch() cannot see a redirect's
// fragment (`…#readiness`); the script then follows it itself. Instead of a
// redirect to the canonical catalogue address the server may send that page
// at once, naming its address in `techcat-location`.
(() => {
  'use strict';
  if (!window.fetch || !window.DOMParser || !window.history.pushState) return;

  const ANNOUNCER = 'app-announcer';
  const MAX_REDIRECTS = 5;
  const bundle = document.currentScript.dataset;
  let islands = null; // the bundle's exports, once it is loaded
  let latest = 0;
  let shown = where(location);

  function where(url) {
    return url.pathname + url.search;
  }

  // A file (export, open data, favicon) rather than a page.
  function isFile(url) {
    return /\.[a-z0-9]+$/i.test(url.pathname) || url.pathname.startsWith('/api/');
  }

  function linkTarget(ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return null;
    const a = ev.target instanceof Element ? ev.target.closest('a[href]') : null;
    if (!(a instanceof HTMLAnchorElement) || a.target || a.hasAttribute('download')) return null;
    if ((a.getAttribute('rel') || '').split(/\s+/).includes('external')) return null;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || isFile(url)) return null;
    // A jump within this page is the browser's to make.
    if (url.hash && where(url) === where(location)) return null;
    return url;
  }

  function formRequest(ev) {
    const form = ev.target;
    if (ev.defaultPrevented || !(form instanceof HTMLFormElement) || form.dataset.native) return null;
    const by = ev.submitter || null;
    // Attributes, not properties: a field named `action` or `method` would
    // shadow the form's own property.
    const attr = (name, formName) => (by && by.hasAttribute(name) ? by.getAttribute(name) : form.getAttribute(formName));
    const method = (attr('formmethod', 'method') || 'get').toLowerCase();
    if (attr('formtarget', 'target') || (method !== 'get' && method !== 'post')) return null;
    const url = new URL(attr('formaction', 'action') || location.href, location.href);
    url.hash = '';
    if (url.origin !== location.origin || isFile(url)) return null;
    const data = new FormData(form, by);
    const init = { method: method.toUpperCase() };
    if (method === 'get') {
      url.search = new URLSearchParams(data).toString();
    } else if ((attr('formenctype', 'enctype') || '').toLowerCase() === 'multipart/form-data') {
      init.body = data;
    } else {
      init.body = new URLSearchParams(data);
    }
    return { url, init, form, by };
  }

  function announce(text) {
    const live = document.getElementById(ANNOUNCER);
    if (!live) return;
    live.textContent = '';
    // A short pause, so the same text twice is still read out.
    setTimeout(() => { live.textContent = text; }, 50);
  }

  // Makes `old` match `next` in place, keeping every node that has the same
  // kind and place in both (so style and layout are redone only where the
  // page changed, and a control keeps its focus). An island is kept only if
  // its component and props are the same; otherwise the new one replaces it.
  function morph(old, next) {
    for (const { name } of [...old.attributes]) {
      if (!next.hasAttribute(name)) old.removeAttribute(name);
    }
    for (const { name, value } of next.attributes) {
      if (old.getAttribute(name) !== value) old.setAttribute(name, value);
    }
    if (old instanceof HTMLInputElement) {
      old.checked = next.checked;
      if (old.value !== next.value) old.value = next.value;
    } else if (old instanceof HTMLTextAreaElement || old instanceof HTMLSelectElement) {
      morphChildren(old, next);
      if (old.value !== next.value) old.value = next.value;
      return;
    } else if (old instanceof HTMLOptionElement) {
      old.selected = next.selected;
    }
    morphChildren(old, next);
  }

  // Equal markup, but a control's state may have been changed by the user:
  // the new page's state wins.
  function syncControls(old, next) {
    const controls = 'input, select, textarea';
    const a = old.matches(controls) ? [old] : old.querySelectorAll(controls);
    if (!a.length) return;
    const b = next.matches(controls) ? [next] : next.querySelectorAll(controls);
    a.forEach((control, i) => {
      if ('checked' in control && control.checked !== b[i].checked) control.checked = b[i].checked;
      if (control.value !== b[i].value) control.value = b[i].value;
    });
  }

  function sameKind(a, b) {
    if (a.nodeType !== b.nodeType) return false;
    if (a.nodeType !== Node.ELEMENT_NODE) return true;
    if (a.tagName !== b.tagName) return false;
    return a.tagName !== 'LEPTOS-ISLAND'
      || (a.dataset.component === b.dataset.component && a.dataset.props === b.dataset.props);
  }

  function morphChildren(old, next) {
    const before = [...old.childNodes];
    const after = [...next.childNodes];
    after.forEach((n, i) => {
      const o = before[i];
      if (!o) old.append(document.adoptNode(n));
      else if (!sameKind(o, n)) o.replaceWith(document.adoptNode(n));
      else if (o.nodeType === Node.ELEMENT_NODE) {
        if (o.isEqualNode(n)) syncControls(o, n);
        else morph(o, n);
      }
      else if (o.nodeValue !== n.nodeValue) o.nodeValue = n.nodeValue;
    });
    for (const o of before.slice(after.length)) o.remove();
  }

  // The body's content becomes the new page's (the body keeps its own
  // attributes, such as `data-hydrated`), and the live region, the body's
  // last child in every page, keeps what it says.
  function swapBody(next) {
    const live = document.getElementById(ANNOUNCER);
    const incoming = next.querySelector('#' + ANNOUNCER);
    if (live && incoming) incoming.textContent = live.textContent;
    morphChildren(document.body, next);
  }

  function resetFocus() {
    const body = document.body;
    body.setAttribute('tabindex', '-1');
    body.focus({ preventScroll: true });
    body.removeAttribute('tabindex');
  }

  // Hydrates the islands not hydrated yet (the page's, then those a swap
  // brought; a kept island keeps its state), then marks the body for the
  // browser tests.
  function hydrateIslands() {
    if (!islands) return;
    for (const island of document.querySelectorAll('leptos-island')) {
      if (island.$$hydrated) continue;
      island.$$hydrated = true;
      const hydrate = islands[island.dataset.component];
      if (hydrate) hydrate(island);
      else console.warn(`No WASM function for the island ${island.dataset.component}.`);
    }
    document.body.dataset.hydrated = 'true';
  }

  // The bundle loads after the page has, when the browser is idle: the first
  // paint never waits for it.
  function loadIslands() {
    import(bundle.js)
      .then(async (mod) => {
        await mod.default({ module_or_path: bundle.wasm });
        mod.hydrate();
        islands = mod;
        hydrateIslands();
      })
      .catch((e) => console.error('The interactive parts could not load.', e));
  }
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 1));
  if (document.readyState === 'complete') idle(loadIslands);
  else addEventListener('load', () => idle(loadIslands), { once: true });

  function show(doc, url, opts) {
    // Kept in place only if the answer is the same page (not a redirect to
    // another one).
    const inPlace = opts.keepFocus && url.pathname === location.pathname;
    const active = document.activeElement;
    const keepId = inPlace && active && active.id ? active.id : null;
    if (!opts.pop) {
      history.replaceState({ ...history.state, scrollY }, '');
      history.pushState({}, '', url);
    }
    shown = where(url);
    document.title = doc.title;
    swapBody(doc.body);
    if (inPlace) {
      // The same view, changed in place: nothing moves, focus stays on the
      // control used (or wherever it was), and the new count is read out.
      const kept = keepId && document.getElementById(keepId);
      if (kept && kept !== document.activeElement) kept.focus();
      announce(document.querySelector('[data-announce]')?.textContent || document.title);
    } else {
      resetFocus();
      const target = url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)));
      if (target) target.scrollIntoView();
      else window.scrollTo(0, opts.pop ? history.state?.scrollY ?? 0 : 0);
      announce(document.title);
    }
    hydrateIslands();
  }

  async function go(url, init, opts, fallback, hops = 0) {
    const id = ++latest;
    let res;
    let html;
    try {
      res = await fetch(url, { ...init, headers: { Accept: 'text/html', 'techcat-nav': '1' }, credentials: 'same-origin' });
      const to = res.status === 204 && res.headers.get('techcat-redirect');
      if (to && hops < MAX_REDIRECTS) {
        if (id === latest) go(new URL(to, url), {}, opts, () => location.assign(new URL(to, url)), hops + 1);
        return;
      }
      if (!(res.headers.get('content-type') || '').startsWith('text/html')) throw new Error('not a page');
      html = await res.text();
    } catch {
      if (id === latest) fallback();
      return;
    }
    if (id !== latest) return;
    // The server may have sent the canonical page for a long address.
    const final = new URL(res.headers.get('techcat-location') || res.url || url, url);
    if (!res.redirected) final.hash = url.hash;
    show(new DOMParser().parseFromString(html, 'text/html'), final, opts);
  }

  addEventListener('click', (ev) => {
    const url = linkTarget(ev);
    if (!url) return;
    ev.preventDefault();
    go(url, {}, {}, () => location.assign(url));
  });

  addEventListener('submit', (ev) => {
    const req = formRequest(ev);
    if (!req) return;
    ev.preventDefault();
    go(req.url, req.init, { keepFocus: req.form.hasAttribute('data-keep-focus') }, () => {
      // The browser's own submission, once, past this listener.
      req.form.dataset.native = '1';
      req.form.requestSubmit(req.by);
    });
  });

  addEventListener('popstate', () => {
    // Back or Forward between fragments of the same page: the browser's.
    if (where(location) === shown) return;
    const url = new URL(location.href);
    go(url, {}, { pop: true }, () => location.reload());
  });
})();
