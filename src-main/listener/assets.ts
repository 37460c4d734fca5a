// The guest pages' stylesheet and their one script, kept as strings so the
// listener works the same from sources (tsx), from a bundle (electron-vite)
// and from tests, with no file paths to resolve. Served from /assets/.
import crypto from 'node:crypto';
import { LIVE_CSS, LIVE_JS } from './liveClient';

// Logical properties (margin-inline, padding-inline-start, text-align: start)
// mirror the layout by themselves under dir="rtl".
export const GUEST_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Hebrew",Arial,sans-serif;font-size:100%;line-height:1.5;color:#1b1f24;background:#f3f4f6}
body{margin:0;min-height:100vh}
a{color:#0b57d0}
.skip{position:absolute;inset-inline-start:-999px;top:0;background:#fff;padding:.5rem 1rem}
.skip:focus{inset-inline-start:.5rem;z-index:10}
.top{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;padding-block:.5rem;padding-inline:1rem;background:#fff;border-block-end:1px solid #d0d5dd}
.brand{font-weight:700}
.lang{display:flex;gap:.4rem;align-items:center;margin:0}
.lang label{font-size:.9rem}
main{max-width:40rem;margin-inline:auto;padding:1rem}
main:focus{outline:none}
.card{background:#fff;border:1px solid #d0d5dd;border-radius:.5rem;padding:1.25rem;margin-block:1rem}
.card.wide{max-width:none}
h1{font-size:1.5rem;line-height:1.25;margin-block:0 .5rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin-block:1rem .5rem}
h3{font-size:1rem;margin-block:.75rem .25rem}
.when{color:#3d4350;margin-block:0 1rem}
.nowrap{white-space:nowrap}
.label{font-weight:600}
.field{margin-block:0 1rem;display:flex;flex-direction:column;gap:.25rem}
label{font-weight:600}
.req{font-weight:400;color:#3d4350;font-size:.9rem}
input[type=text],input[type=email],textarea,select{font:inherit;padding:.55rem .65rem;border:1px solid #6b7280;border-radius:.35rem;background:#fff;color:inherit;width:100%;max-width:100%}
select{width:auto}
input[aria-invalid=true]{border-color:#b42318;border-width:2px}
button{font:inherit;font-weight:600;padding:.55rem 1.1rem;border-radius:.35rem;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer;min-height:44px}
button.secondary{background:#fff;color:#0b57d0}
button:hover{filter:brightness(.95)}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.field-error,.error-summary{color:#b42318;font-weight:600;margin:0}
.field-error:empty{display:none}
.error-summary{border-inline-start:4px solid #b42318;padding-inline-start:.75rem;margin-block-end:1rem}
.hint{color:#3d4350;font-size:.95rem}
.who{font-weight:600;overflow-wrap:anywhere}
.locked-name{margin:0;padding:.55rem .65rem;background:#f3f4f6;border:1px dashed #6b7280;border-radius:.35rem;overflow-wrap:anywhere}
.early{border-inline-start:4px solid #0b57d0;padding-inline-start:.75rem;margin-block:0 1rem}
.early p{margin-block:.25rem}
.countdown{font-size:1.4rem;font-weight:700;font-variant-numeric:tabular-nums}
.denied-reason{font-size:1.35rem;font-weight:700;margin-block:0 .5rem}
.waiting{display:flex;gap:.6rem;align-items:center;font-size:1.1rem}
.spinner{inline-size:1.1rem;block-size:1.1rem;border:3px solid #c7d2fe;border-block-start-color:#0b57d0;border-radius:50%;animation:spin 1s linear infinite;flex:none}
@keyframes spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.spinner{animation:none}}
.stage video,.stage audio{inline-size:100%;max-block-size:60vh;background:#000;border-radius:.35rem}
.stage audio{background:none}
.hand{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-block:1rem}
.panel{border-block-start:1px solid #d0d5dd;margin-block-start:1rem}
.people{list-style:none;padding:0;margin:0}
.people li{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:space-between;align-items:center;padding-block:.4rem;border-block-end:1px solid #eceef2}
.person{overflow-wrap:anywhere}
.email{color:#3d4350;font-size:.9rem}
.actions{display:flex;gap:.4rem}
.actions form{margin:0}
.badge{font-size:.85rem;background:#fef3c7;border-radius:1rem;padding-inline:.5rem}
.badge .icon{vertical-align:-2px;margin-inline-end:.25rem}
.chat-list{list-style:none;padding:0;margin:0;max-block-size:20rem;overflow-y:auto}
.chat-list li{padding-block:.3rem;border-block-end:1px solid #eceef2}
.chat-name{font-weight:600;overflow-wrap:anywhere}
.chat-list time{color:#3d4350;font-size:.85rem;margin-inline-start:.4rem}
.chat-body{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.chat-form{display:flex;flex-direction:column;gap:.4rem;margin-block-start:.5rem}
.chat-form button{align-self:flex-start}
.leave{margin-block-start:1.5rem}
.description{white-space:pre-wrap;overflow-wrap:anywhere}
.denied .denied-common{font-weight:400}
.visually-hidden{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (max-width:30rem){main{padding:.5rem}.card{padding:1rem}h1{font-size:1.3rem}.top{padding-inline:.5rem}}
`;

// Progressive enhancement only: live updates over SSE, in-place forms, and
// the language selector submitting itself. Everything guest-typed that this
// script puts on the page is either server-escaped HTML or set via textContent.
export const GUEST_JS = `"use strict";
(function () {
  var body = document.body;
  document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
    s.addEventListener('change', function () { s.form.submit(); });
  });
  // Before the doors open: tick the countdown; reload when they open (the lobby then lets people in).
  // Times are counted from the server's clock at page load, never this device's (a wrong clock can't loop).
  document.querySelectorAll('[data-start-in]').forEach(function (el) {
    var loaded = Date.now();
    var to = loaded + Number(el.getAttribute('data-start-in'));
    var reloadAt = loaded + Math.max(1000, Number(el.getAttribute('data-doors-in')) + 500);
    var tpl = el.getAttribute('data-template') || '{time}';
    var lang = document.documentElement.lang || 'en';
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    var tick = function () {
      var now = Date.now();
      if (now >= reloadAt) { location.reload(); return; }
      var s = Math.max(0, Math.ceil((to - now) / 1000));
      var d = Math.floor(s / 86400);
      var clock = pad(Math.floor((s % 86400) / 3600)) + ':' + pad(Math.floor((s % 3600) / 60)) + ':' + pad(s % 60);
      var text = d > 0 ? new Intl.NumberFormat(lang, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(d) + ' ' + clock : clock;
      el.textContent = tpl.split('{time}').join(text);
      setTimeout(tick, 1000 - (now % 1000));
    };
    tick();
  });
  var mode = body.getAttribute('data-live');
  var errorBox = document.getElementById('inline-error');
  var status = document.getElementById('live-status');

  function refreshPart(id, url) {
    var el = document.getElementById(id);
    if (!el) return;
    fetch(url, { credentials: 'same-origin', headers: { 'x-guestlist-fetch': '1' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) { if (text !== null) el.innerHTML = text; })
      .catch(function () {});
  }

  function setHand(raised) {
    var form = document.querySelector('form[data-inline="hand"]');
    if (!form) return;
    form.querySelector('input[name="raised"]').value = raised ? '0' : '1';
    form.querySelector('button').textContent = form.getAttribute(raised ? 'data-lower' : 'data-raise');
    form.querySelector('.hand-status').textContent = form.getAttribute(raised ? 'data-raised' : 'data-lowered');
  }

  // In-place POSTs, so an open page is never replaced (P4) by pressing a button.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-inline')) return;
    e.preventDefault();
    if (errorBox) errorBox.textContent = '';
    var data = new URLSearchParams(new FormData(form));
    fetch(form.action, { method: 'POST', body: data, credentials: 'same-origin', headers: { 'x-guestlist-fetch': '1' } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        if (!res.ok) { if (errorBox) errorBox.textContent = res.j.message || ''; return; }
        if (form.getAttribute('data-inline') === 'hand') setHand(!!res.j.handRaised);
        if (form.getAttribute('data-inline') === 'chat') { form.reset(); refreshPart('chat', '/s/part/chat'); }
        if (res.j.refresh === 'people') refreshPart('people', '/s/part/people');
      })
      .catch(function () { form.submit(); });
  });

  if (!mode || !window.EventSource) return;
  var es = new EventSource('/s/events');
  es.addEventListener('open', function () { if (status) status.textContent = ''; });
  es.addEventListener('error', function () { if (status) status.textContent = body.getAttribute('data-reconnecting') || ''; });
  es.addEventListener('state', function (e) {
    var d = JSON.parse(e.data);
    if (d.state === 'moved') { es.close(); location.replace('/s/moved'); return; }
    if (mode === 'lobby' && d.state !== 'waiting') { es.close(); location.replace('/s'); return; }
    if (mode === 'session' && d.state !== 'admitted') { es.close(); location.replace('/s'); return; }
    if (mode === 'session') setHand(!!d.handRaised);
  });
  es.addEventListener('people', function () { refreshPart('people', '/s/part/people'); });
  es.addEventListener('chat', function () { refreshPart('chat', '/s/part/chat'); });
  es.addEventListener('count', function (e) {
    var el = document.getElementById('people-count');
    if (el) el.textContent = JSON.parse(e.data).text;
  });
})();
`;

/** The app icon (resources/icon.png) as SVG, for the browser tab. */
const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
<rect x="16" y="16" width="480" height="480" rx="96" fill="#2563eb"/>
<circle cx="190" cy="200" r="48" fill="#fff"/>
<path d="M102 330c0-40 28-70 62-70h52c34 0 62 30 62 70z" fill="#fff"/>
<rect x="290" y="170" width="120" height="26" fill="#fff"/>
<rect x="290" y="240" width="120" height="26" fill="#93c5fd"/>
<rect x="290" y="310" width="120" height="26" fill="#93c5fd"/>
</svg>`;

export const ASSETS: Record<string, { type: string; body: string; etag: string }> = Object.fromEntries(
  [
    ['guest.css', 'text/css; charset=utf-8', GUEST_CSS + LIVE_CSS],
    ['guest.js', 'text/javascript; charset=utf-8', GUEST_JS],
    ['live.js', 'text/javascript; charset=utf-8', LIVE_JS],
    ['icon.svg', 'image/svg+xml', ICON_SVG],
  ].map(([name, type, body]) => [name!, { type: type!, body: body!, etag: `"${crypto.createHash('sha1').update(body!).digest('base64url').slice(0, 16)}"` }]),
);
