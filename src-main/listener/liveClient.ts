// The room page's live-session script (served as /assets/live.js). Plain
// browser JavaScript, no framework: it speaks the relay's small protocol
// (live/relay.ts) over /s/live, publishes when the server says this person
// may send, and subscribes to every feed the server lists. Everything it
// shows comes from the server's words (data-words) or from textContent, so a
// guest's name can never become markup.
export const LIVE_JS = `"use strict";
(function () {
  var root = document.getElementById("live");
  if (!root || !window.WebSocket) return;
  var W = JSON.parse(root.getAttribute("data-words") || "{}");
  var grid = root.querySelector(".grid");
  var statusEl = root.querySelector(".live-status");
  var noteEl = root.querySelector(".live-note");
  var controls = root.querySelector(".controls");
  var camBtn = root.querySelector("[data-live=cam]");
  var micBtn = root.querySelector("[data-live=mic]");
  var emptyEl = root.querySelector(".empty");
  var ws = null, nextId = 1, pending = {}, retryMs = 500, finished = false;
  var me = null, iceServers = [], maySend = false, feeds = [], subs = {}, pub = null, local = null, mutedByModerator = false;
  var wanted = { audio: true, video: true };

  function setStatus(text) { statusEl.textContent = text || ""; root.setAttribute("data-state", text ? "busy" : "live"); }
  function note(text) { noteEl.textContent = text || ""; }
  function send(m) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(m)); }
  function request(m) {
    return new Promise(function (resolve, reject) {
      m.id = nextId++;
      pending[m.id] = { resolve: resolve, reject: reject };
      send(m);
    });
  }

  function tile(key, name, isLocal) {
    var el = grid.querySelector('[data-key="' + key + '"]');
    if (el) return el;
    el = document.createElement("figure");
    el.className = "tile";
    el.setAttribute("data-key", key);
    var v = document.createElement("video");
    v.autoplay = true; v.playsInline = true; v.muted = !!isLocal;
    v.setAttribute("aria-hidden", "true");
    var cap = document.createElement("figcaption");
    var n = document.createElement("bdi"); n.className = "name"; n.textContent = name;
    var s = document.createElement("span"); s.className = "badges";
    cap.appendChild(n); cap.appendChild(s);
    el.appendChild(v); el.appendChild(cap);
    grid.appendChild(el);
    refreshEmpty();
    return el;
  }
  function dropTile(key) { var el = grid.querySelector('[data-key="' + key + '"]'); if (el) el.remove(); refreshEmpty(); }
  function refreshEmpty() { emptyEl.hidden = grid.children.length > 0; }
  function badges(el, f) {
    var parts = [];
    if (f.mutedByModerator) parts.push(W.mutedBadge); else if (!f.audio) parts.push(W.micIsOff);
    if (!f.video) parts.push(W.camIsOff);
    if (el.getAttribute("data-speaking") === "1") parts.push(W.speaking);
    el.querySelector(".badges").textContent = parts.length ? " · " + parts.join(" · ") : "";
  }

  // ---- receiving ---------------------------------------------------------
  function subscribe(f) {
    if (subs[f.feed]) return;
    var pc = new RTCPeerConnection({ iceServers: iceServers });
    var s = { pc: pc, sub: 0, feed: f.feed };
    subs[f.feed] = s;
    var el = tile("f" + f.feed, f.name, false);
    badges(el, f);
    var stream = new MediaStream();
    el.querySelector("video").srcObject = stream;
    pc.ontrack = function (ev) { stream.addTrack(ev.track); };
    pc.onicecandidate = function (ev) {
      if (!s.sub) return;
      send({ t: "trickle", id: nextId++, target: s.sub, candidate: ev.candidate ? ev.candidate.toJSON() : { completed: true } });
    };
    request({ t: "subscribe", feed: f.feed }).then(function (r) {
      if (subs[f.feed] !== s) return;
      s.sub = r.sub;
      return pc.setRemoteDescription(r.jsep).then(function () { return pc.createAnswer(); }).then(function (answer) {
        return pc.setLocalDescription(answer).then(function () { return request({ t: "start", sub: s.sub, jsep: { type: "answer", sdp: answer.sdp } }); });
      });
    }).catch(function () {
      unsubscribe(f.feed);
      // The feed may have been between two states; try again while it is still listed.
      setTimeout(function () { if (feeds.some(function (x) { return x.feed === f.feed; })) subscribe(f); }, 1000);
    });
  }
  function unsubscribe(feed) {
    var s = subs[feed];
    if (!s) return;
    delete subs[feed];
    try { s.pc.close(); } catch (e) {}
    dropTile("f" + feed);
  }
  function setFeeds(list) {
    feeds = list;
    var seen = {};
    list.forEach(function (f) {
      if (me && f.feed === me.feed) {
        if (f.mutedByModerator !== mutedByModerator) {
          mutedByModerator = f.mutedByModerator;
          if (mutedByModerator) note(W.mutedByModerator);
          setButtons();
        }
        if (local) badges(tile("me", W.you, true), f);
        return;
      }
      seen[f.feed] = true;
      subscribe(f);
      var el = grid.querySelector('[data-key="f' + f.feed + '"]');
      if (el) { el.querySelector(".name").textContent = f.name; badges(el, f); }
    });
    Object.keys(subs).forEach(function (k) { if (!seen[k]) unsubscribe(Number(k)); });
  }

  // ---- sending -----------------------------------------------------------
  function deviceError(e) {
    var n = e && e.name;
    if (!window.isSecureContext || !navigator.mediaDevices) return W.needsHttps;
    if (n === "NotAllowedError" || n === "SecurityError") return W.deviceDenied;
    if (n === "NotFoundError" || n === "OverconstrainedError") return W.deviceMissing;
    return W.deviceBusy;
  }
  function getMedia() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return Promise.reject({ name: "SecurityError" });
    return navigator.mediaDevices.getUserMedia({ audio: true, video: true }).catch(function (e) {
      // One missing device should not silence the other.
      if (e && (e.name === "NotFoundError" || e.name === "NotReadableError")) {
        return navigator.mediaDevices.getUserMedia({ audio: true }).catch(function () { return navigator.mediaDevices.getUserMedia({ video: true }); }).catch(function () { throw e; });
      }
      throw e;
    });
  }
  function startPublishing() {
    if (pub || !maySend) return;
    pub = { pc: null };
    var mine = pub;
    getMedia().then(function (stream) {
      if (pub !== mine || !maySend) { stream.getTracks().forEach(function (t) { t.stop(); }); return; }
      local = stream;
      var a = stream.getAudioTracks()[0], v = stream.getVideoTracks()[0];
      if (a) a.enabled = wanted.audio;
      if (v) v.enabled = wanted.video;
      var el = tile("me", W.you, true);
      el.querySelector("video").srcObject = stream;
      var pc = new RTCPeerConnection({ iceServers: iceServers });
      mine.pc = pc;
      stream.getTracks().forEach(function (t) { pc.addTransceiver(t, { direction: "sendonly", streams: [stream] }); });
      pc.onicecandidate = function (ev) {
        send({ t: "trickle", id: nextId++, target: "publisher", candidate: ev.candidate ? ev.candidate.toJSON() : { completed: true } });
      };
      return pc.createOffer().then(function (offer) {
        return pc.setLocalDescription(offer).then(function () {
          return request({ t: "publish", jsep: { type: "offer", sdp: offer.sdp }, audio: !!a && wanted.audio, video: !!v && wanted.video });
        });
      }).then(function (r) {
        if (pub !== mine) return;
        return pc.setRemoteDescription(r.jsep).then(setButtons);
      });
    }).catch(function (e) {
      if (pub === mine) stopPublishing();
      if (e && e.code) note(e.message); else note(deviceError(e));
    });
    setButtons();
  }
  function stopPublishing() {
    var p = pub;
    pub = null;
    if (p && p.pc) { try { p.pc.close(); } catch (e) {} }
    if (local) { local.getTracks().forEach(function (t) { t.stop(); }); local = null; }
    dropTile("me");
    setButtons();
  }
  function setButtons() {
    controls.hidden = !maySend;
    var a = local && local.getAudioTracks()[0], v = local && local.getVideoTracks()[0];
    camBtn.disabled = !v; micBtn.disabled = !a;
    camBtn.setAttribute("aria-pressed", String(!!v && v.enabled));
    micBtn.setAttribute("aria-pressed", String(!!a && a.enabled && !mutedByModerator));
    camBtn.textContent = v && v.enabled ? W.camOff : W.camOn;
    micBtn.textContent = a && a.enabled && !mutedByModerator ? W.micOff : W.micOn;
  }
  function toggle(kind) {
    var t = local && (kind === "audio" ? local.getAudioTracks()[0] : local.getVideoTracks()[0]);
    if (!t) return;
    // After a moderator's mute the track is still on here: the press means "unmute", which the server checks.
    t.enabled = kind === "audio" && mutedByModerator ? true : !t.enabled;
    wanted[kind] = t.enabled;
    var a = local.getAudioTracks()[0], v = local.getVideoTracks()[0];
    request({ t: "media", audio: !!a && a.enabled, video: !!v && v.enabled }).catch(function () {});
    setButtons();
  }
  camBtn.addEventListener("click", function () { toggle("video"); });
  micBtn.addEventListener("click", function () { toggle("audio"); });

  // Who is speaking: the received audio level, read from the browser's own stats.
  setInterval(function () {
    Object.keys(subs).forEach(function (k) {
      var s = subs[k];
      if (!s.pc.getStats) return;
      s.pc.getStats().then(function (stats) {
        var level = 0;
        stats.forEach(function (r) { if (r.type === "inbound-rtp" && r.kind === "audio" && r.audioLevel) level = Math.max(level, r.audioLevel); });
        var el = grid.querySelector('[data-key="f' + k + '"]');
        if (!el) return;
        var speaking = level > 0.05 ? "1" : "0";
        if (el.getAttribute("data-speaking") !== speaking) {
          el.setAttribute("data-speaking", speaking);
          var f = feeds.filter(function (x) { return String(x.feed) === k; })[0];
          if (f) badges(el, f);
        }
      }).catch(function () {});
    });
  }, 700);

  // ---- the socket ----------------------------------------------------------
  function teardown() {
    Object.keys(subs).forEach(function (k) { unsubscribe(Number(k)); });
    stopPublishing();
    Object.keys(pending).forEach(function (k) { pending[k].reject({ code: "LIVE_CLOSED" }); });
    pending = {};
  }
  function onMessage(m) {
    switch (m.t) {
      case "hello":
        retryMs = 500;
        me = m.me; maySend = m.maySend; iceServers = m.iceServers || [];
        setStatus("");
        if (m.engine && m.engine.state === "unavailable") { setStatus(W.unavailable + " " + W.unavailableHow); }
        setFeeds(m.feeds);
        if (maySend) startPublishing(); else setButtons();
        break;
      case "feeds": setFeeds(m.feeds); break;
      case "reply": if (pending[m.id]) { pending[m.id].resolve(m); delete pending[m.id]; } break;
      case "error":
        if (m.id !== null && pending[m.id]) { pending[m.id].reject(m); delete pending[m.id]; }
        else note(m.message);
        break;
      case "standing":
        maySend = m.maySend;
        if (!maySend) { stopPublishing(); note(W["reason." + m.reason] || ""); }
        else { note(W.canSpeak); startPublishing(); }
        break;
      case "pub-ended": stopPublishing(); if (m.reason) note(W["reason." + m.reason] || ""); break;
      case "sub-ended":
        Object.keys(subs).forEach(function (k) { if (subs[k].sub === m.sub) unsubscribe(Number(k)); });
        break;
      case "ended":
        finished = true;
        teardown();
        setStatus(W["reason." + m.reason] || W["reason.left"]);
        root.setAttribute("data-ended", m.reason);
        break;
      case "engine":
        if (m.state === "unavailable") setStatus(W.unavailable + " " + W.unavailableHow);
        else if (m.state === "restarting") setStatus(W.reconnecting);
        break;
    }
  }
  function connect() {
    if (finished) return;
    ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/s/live");
    ws.onmessage = function (ev) { try { onMessage(JSON.parse(ev.data)); } catch (e) {} };
    ws.onclose = function (ev) {
      teardown();
      if (finished || ev.code >= 4000) return;
      setStatus(ev.code === 1013 ? W.unavailable + " " + W.unavailableHow : W.reconnecting);
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }
  window.addEventListener("pagehide", function () { finished = true; if (ws) ws.close(); });
  setStatus(W.connecting);
  connect();
})();
`;

export const LIVE_CSS = `
.live{margin-block:1rem}
.live .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.5rem}
.live .tile{margin:0;background:#111827;border-radius:.4rem;overflow:hidden;position:relative;border:3px solid transparent}
.live .tile[data-speaking="1"]{border-color:#22c55e}
.live .tile video{display:block;width:100%;aspect-ratio:16/9;object-fit:cover;background:#111827}
.live .tile figcaption{color:#fff;background:rgba(0,0,0,.6);padding:.2rem .5rem;font-size:.9rem;overflow-wrap:anywhere}
.live .controls{display:flex;gap:.5rem;flex-wrap:wrap;margin-block:.5rem}
.live .controls[hidden]{display:none}
.live-status:empty,.live-note:empty{display:none}
.live-note{font-weight:600}
`;
