// Server-rendered guest pages. Every page works without JavaScript; the one
// external script (assets.ts) only adds live updates and in-place forms.
// All text passes through html``, which escapes by default (S3).
import type { LivePerson } from '../live/relay';
import { LIVE_WORDS } from './liveWords';
import type { ChatMessage, DenialReason, InviteRole, Media, Participant } from '../core/types';
import { doorsOpenAt, schedulePhase } from '../core/media';
import { html, raw, type SafeHtml } from './html';
import { deniedLead, formatCountdown, formatDateTime, formatScheduleParts, formatTime, invitedAsKey, isolate, LANG_NAMES, LANGS, type Lang, type MessageKey, reasonText, RTL, type T } from './i18n';

export interface PageCtx {
  lang: Lang;
  t: T;
  /** Path of this page, for the language selector's GET form. */
  path: string;
  /** CSRF token for this browser, put in every POST form. */
  csrf: string;
}

export type FieldErrors = { name?: string; email?: string };

/**
 * A value set inside a sentence (a media title, a guest's name, an email
 * address) is isolated, so a Latin value in a Hebrew sentence, or a Hebrew
 * one in an English sentence, can't pull the punctuation around it to the
 * wrong side. The value is still escaped (S3).
 */
/** A raised hand, drawn (an emoji needs a font that not every device has); the text beside it says it. */
const HAND_ICON = raw(
  '<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="14" height="14" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M18 11V6a2 2 0 0 0-4 0v5M14 10V4a2 2 0 0 0-4 0v6M10 10.5V6a2 2 0 0 0-4 0v8"/><path d="M18 8a2 2 0 1 1 4 0v6a8 8 0 0 1-8 8h-2c-2.8 0-4.5-.86-5.99-2.34l-3.6-3.6a2 2 0 0 1 2.83-2.82L7 15"/></svg>',
);

function bdi(value: string): SafeHtml {
  return html`<bdi>${value}</bdi>`;
}

/** pc.t() as HTML: the template's text is escaped; each {slot} takes the given (escaped or SafeHtml) value. */
function tHtml(pc: PageCtx, key: MessageKey, params: Record<string, SafeHtml | string | number>): SafeHtml {
  const pieces = pc.t(key).split(/\{(\w+)\}/);
  return html`${pieces.map((piece, i) => (i % 2 === 0 ? piece : (params[piece] ?? `{${piece}}`)))}`;
}

/** The same sentence as plain text (for <title>), with the values isolated by FSI … PDI. */
function tText(pc: PageCtx, key: MessageKey, params: Record<string, string>): string {
  return pc.t(key, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, isolate(v)])));
}

/** "When:" / "Quand :" — French puts a non-breaking space before the colon. */
function labelled(pc: PageCtx, label: MessageKey): string {
  return pc.t('labelColon', { label: pc.t(label) });
}

function langSelector(pc: PageCtx): SafeHtml {
  return html`<form class="lang" method="get" action="${pc.path}">
  <label for="lang-select">${pc.t('language')}</label>
  <select id="lang-select" name="lang" data-autosubmit>
    ${LANGS.map((l) => html`<option value="${l}" lang="${l}"${l === pc.lang ? html` selected` : ''}>${LANG_NAMES[l]}</option>`)}
  </select>
  <button type="submit" class="secondary">${pc.t('change')}</button>
</form>`;
}

export function layout(pc: PageCtx, opts: { title: string; body: SafeHtml; live?: 'lobby' | 'session'; refreshSeconds?: number }): string {
  const dir = RTL.has(pc.lang) ? 'rtl' : 'ltr';
  return `<!doctype html>${html`
<html lang="${pc.lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${opts.title} · ${pc.t('appName')}</title>
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/guest.css">
<script src="/assets/guest.js" defer></script>
${opts.refreshSeconds ? html`<noscript><meta http-equiv="refresh" content="${opts.refreshSeconds}"></noscript>` : ''}
</head>
<body${opts.live ? html` data-live="${opts.live}"` : ''} data-reconnecting="${pc.t('reconnecting')}">
<a class="skip" href="#main">${pc.t('skip')}</a>
<header class="top"><span class="brand">${pc.t('appName')}</span>${langSelector(pc)}</header>
<main id="main" tabindex="-1">
${opts.body}
</main>
</body>
</html>`.value}`;
}

function mediaHeader(pc: PageCtx, media: Media, heading: string | SafeHtml): SafeHtml {
  const when = media.schedule ? formatScheduleParts(media.schedule, pc.lang) : null;
  // The time range never breaks inside ("11:00–" / "12:00" at 360 px).
  const whenHtml = when ? html`${when.before}${when.range ? html`<span class="nowrap">${when.range}</span>` : ''}${when.after}` : null;
  return html`<h1>${heading}</h1>
${whenHtml ? html`<p class="when"><span class="label">${labelled(pc, 'when')}</span> ${whenHtml}</p>` : ''}`;
}

/**
 * Before the doors open: the start (date, time and zone, in the media's
 * zone) and a countdown. guest.js ticks it and reloads the page when the
 * doors open; without JavaScript the text is right when the page loads.
 */
function earlyNotice(pc: PageCtx, media: Media, now: Date | undefined, sentence: 'earlyEntry' | 'lobbyEarly'): SafeHtml | string {
  if (!now || !media.schedule || schedulePhase(media, now) !== 'early') return '';
  const start = media.schedule.startsAt;
  const left = formatCountdown(Date.parse(start) - now.getTime(), pc.lang);
  return html`<div class="early">
<p class="starts"><span class="label">${labelled(pc, 'startsLabel')}</span> <time datetime="${start}">${formatDateTime(start, pc.lang, media.schedule.timeZone)}</time></p>
<p class="countdown" role="timer" data-start-in="${Date.parse(start) - now.getTime()}" data-doors-in="${Date.parse(doorsOpenAt(media)!) - now.getTime()}" data-template="${pc.t('startsIn')}">${pc.t('startsIn', { time: left })}</p>
<p>${pc.t(sentence, { n: media.doorsOpenMinutes })}</p>
</div>`;
}

function csrfField(pc: PageCtx): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${pc.csrf}">`;
}

function fieldError(pc: PageCtx, id: string, code: string | undefined): SafeHtml | string {
  if (!code) return '';
  const key = (['name-required', 'name-too-long', 'email-required', 'email-invalid', 'email-invisible'] as const).find((k) => k === code) ?? 'email-invalid';
  return html`<p class="field-error" id="${id}-error" role="alert">${tHtml(pc, key, { example: bdi(pc.t('emailExample')) })}</p>`;
}

function nameEmailFields(pc: PageCtx, values: { name?: string; email?: string }, fields: FieldErrors, nameInput: boolean): SafeHtml {
  const nameAttrs = fields.name ? html` aria-invalid="true" aria-describedby="name-error"` : '';
  const emailAttrs = fields.email ? html` aria-invalid="true" aria-describedby="email-error"` : '';
  return html`${
    nameInput
      ? html`<div class="field">
  <label for="name">${pc.t('nameLabel')} <span class="req">(${pc.t('required')})</span></label>
  <input id="name" name="name" type="text" autocomplete="name" maxlength="100" required value="${values.name ?? ''}"${nameAttrs}>
  ${fieldError(pc, 'name', fields.name)}
</div>`
      : ''
  }
<div class="field">
  <label for="email">${pc.t('emailLabel')} <span class="req">(${pc.t('required')})</span></label>
  <input id="email" name="email" type="email" autocomplete="email" maxlength="254" required value="${values.email ?? ''}"${emailAttrs}>
  ${fieldError(pc, 'email', fields.email)}
</div>`;
}

function errorSummary(pc: PageCtx, fields: FieldErrors): SafeHtml | string {
  return fields.name || fields.email ? html`<p class="error-summary" role="alert">${pc.t('fixBelow')}</p>` : '';
}

/** G9: the guest link's entry page. */
export function entryPage(pc: PageCtx, media: Media, token: string, values: { name?: string; email?: string } = {}, fields: FieldErrors = {}, now?: Date): string {
  return layout(pc, {
    title: tText(pc, 'joinHeading', { title: media.title }),
    body: html`<section class="card">
${mediaHeader(pc, media, tHtml(pc, 'joinHeading', { title: bdi(media.title) }))}
${earlyNotice(pc, media, now, 'earlyEntry')}
<p>${pc.t('joinIntro')}</p>
${errorSummary(pc, fields)}
<form method="post" action="/g/${token}" novalidate>
${csrfField(pc)}
${nameEmailFields(pc, values, fields, true)}
<button type="submit">${pc.t('join')}</button>
</form>
</section>`,
  });
}

/** I2: the invite page; a locked name is shown, not editable. */
export function invitePage(
  pc: PageCtx,
  media: Media,
  token: string,
  invite: { role: InviteRole; displayName: string | null; locked: boolean },
  values: { name?: string; email?: string } = {},
  fields: FieldErrors = {},
  now?: Date,
): string {
  const key = invitedAsKey(invite.role);
  const locked = invite.locked && invite.displayName !== null;
  return layout(pc, {
    title: tText(pc, key, { title: media.title }),
    body: html`<section class="card">
${mediaHeader(pc, media, tHtml(pc, key, { title: bdi(media.title) }))}
${earlyNotice(pc, media, now, 'earlyEntry')}
<p>${pc.t('inviteIntro')}</p>
${errorSummary(pc, fields)}
<form method="post" action="/i/${token}" novalidate>
${csrfField(pc)}
${
  locked
    ? html`<div class="field"><span class="label" id="locked-label">${pc.t('lockedName')}</span>
  <p class="locked-name" aria-labelledby="locked-label"><bdi>${invite.displayName}</bdi></p></div>`
    : ''
}
${nameEmailFields(pc, { name: values.name ?? invite.displayName ?? '', email: values.email }, fields, !locked)}
<button type="submit">${pc.t('join')}</button>
</form>
</section>`,
  });
}

function leaveForm(pc: PageCtx): SafeHtml {
  return html`<form method="post" action="/s/leave" class="leave">${csrfField(pc)}<button type="submit" class="secondary">${pc.t('leave')}</button></form>`;
}

/** G9/P3: the lobby; live over SSE, meta refresh without JS. */
export function lobbyPage(pc: PageCtx, media: Media, participant: Participant, now?: Date): string {
  const early = earlyNotice(pc, media, now, 'lobbyEarly');
  return layout(pc, {
    title: pc.t('lobbyHeading'),
    live: 'lobby',
    refreshSeconds: 10,
    body: html`<section class="card">
${mediaHeader(pc, media, media.title)}
<h2>${pc.t('lobbyHeading')}</h2>
<p class="who">${bdi(participant.name)}</p>
${early}
<div aria-live="polite" id="live-region"><p class="waiting"><span class="spinner" aria-hidden="true"></span>${pc.t('lobbyWaiting')}</p></div>
<p class="hint">${pc.t('lobbyKeepOpen')}</p>
<p id="live-status" role="status" class="hint"></p>
${leaveForm(pc)}
</section>`,
  });
}

export function chatList(pc: PageCtx, messages: ChatMessage[], timeZone: string | undefined): SafeHtml {
  if (messages.length === 0) return html`<p class="hint">${pc.t('noMessages')}</p>`;
  return html`<ol class="chat-list">${messages.map(
    (m) => html`<li><bdi class="chat-name">${m.name}</bdi> <time datetime="${m.at}">${formatTime(m.at, pc.lang, timeZone)}</time><p class="chat-body" dir="auto">${m.body}</p></li>`,
  )}</ol>`;
}

/** I6: what an invited moderator sees of the lobby and the room; V7: with who is live, and the live controls. */
export function peopleList(pc: PageCtx, people: Participant[], selfId: number, live?: (participantId: number) => LivePerson | null): SafeHtml {
  const w = LIVE_WORDS[pc.lang];
  const liveAction = (p: Participant, verb: 'let-speak' | 'stop-speak' | 'mute', label: string) =>
    html`<form method="post" action="/s/manage/${p.id}/${verb}" data-inline>${csrfField(pc)}<button type="submit" class="secondary">${label}<span class="visually-hidden">: ${bdi(p.name)}</span></button></form>`;
  const liveOf = (p: Participant): { badges: SafeHtml; actions: SafeHtml } => {
    const l = live?.(p.id);
    if (!l) return { badges: html``, actions: html`` };
    const states = [l.connected ? w.liveBadge : null, l.publishing && l.audio && !l.mutedByModerator ? w.sendingAudio : null, l.publishing && l.video && !l.mutedByModerator ? w.sendingVideo : null, l.mutedByModerator ? w.mutedBadge : null, l.letSpeak ? w.maySpeakBadge : null].filter((x): x is string => !!x);
    const mayBeLetSpeak = p.role === 'guest' || p.role === 'viewer';
    return {
      badges: states.length ? html` <span class="badge live-state">${states.join(' · ')}</span>` : html``,
      actions: html`${mayBeLetSpeak ? (l.letSpeak ? liveAction(p, 'stop-speak', w.stopSpeak) : p.handRaised ? liveAction(p, 'let-speak', w.letSpeak) : '') : ''}${l.publishing && !l.mutedByModerator ? liveAction(p, 'mute', w.mute) : ''}`,
    };
  };
  const action = (p: Participant, verb: 'admit' | 'deny' | 'block' | 'remove') =>
    html`<form method="post" action="/s/manage/${p.id}/${verb}" data-inline>${csrfField(pc)}<button type="submit" class="${verb === 'admit' ? '' : 'secondary'}">${pc.t(verb)}<span class="visually-hidden">: ${bdi(p.name)}</span></button></form>`;
  // P2: how each person came in and their role, so someone using another person's email on a guest link shows.
  const cameIn = (p: Participant) =>
    html` <span class="came-in hint">${p.source.kind === 'guest-link' ? tHtml(pc, 'cameIn.guestLink', { name: bdi(p.source.linkName) }) : pc.t(`cameIn.${p.role as 'viewer' | 'speaker' | 'moderator'}`)}</span>`;
  const waiting = people.filter((p) => p.state === 'waiting');
  // One count of the room everywhere (issue 22): everyone admitted, this moderator too, as "People in the room: N" says.
  const inRoom = people.filter((p) => p.state === 'admitted');
  const others = inRoom.filter((p) => p.id !== selfId);
  return html`<h3>${pc.t('waiting')} (${waiting.length})</h3>
${waiting.length === 0 ? html`<p class="hint">${pc.t('nobodyWaiting')}</p>` : html`<ul class="people">${waiting.map((p) => html`<li><span class="person">${bdi(p.name)} <bdi class="email">${p.email}</bdi>${cameIn(p)}</span><span class="actions">${action(p, 'admit')}${action(p, 'deny')}${action(p, 'block')}</span></li>`)}</ul>`}
<h3>${pc.t('inRoom')} (${inRoom.length})</h3>
${inRoom.length === 0 ? '' : html`<ul class="people">${inRoom.map((p) => {
    if (p.id === selfId) return html`<li><span class="person">${bdi(p.name)} <span class="hint">${pc.t('youMarker')}</span></span></li>`;
    const l = liveOf(p);
    return html`<li><span class="person">${bdi(p.name)} <bdi class="email">${p.email}</bdi>${cameIn(p)}${p.handRaised ? html` <span class="badge">${HAND_ICON}${pc.t('hand')}</span>` : ''}${l.badges}</span><span class="actions">${l.actions}${action(p, 'remove')}</span></li>`;
  })}</ul>`}
${others.length === 0 ? html`<p class="hint">${pc.t('nobodyIn')}</p>` : ''}
${live ? html`<div class="live-controls"><form method="post" action="/s/live-control/mute-all" data-inline>${csrfField(pc)}<button type="submit" class="secondary">${w.muteAll}</button></form><form method="post" action="/s/live-control/end" data-inline>${csrfField(pc)}<button type="submit" class="secondary">${w.endSession}</button></form></div>` : ''}`;
}

export interface SessionView {
  media: Media;
  participant: Participant;
  admittedCount: number;
  chat: ChatMessage[];
  people: Participant[] | null;
  mediaType: 'video' | 'audio' | null;
  /** V7: a room's live state per person, for the invited moderator's list. */
  live?: (participantId: number) => LivePerson | null;
}

/** G10/I6/M4: inside. */
export function sessionPage(pc: PageCtx, v: SessionView): string {
  const { media, participant: p } = v;
  const canHand = p.role !== 'viewer';
  const canChat = p.role === 'speaker' || p.role === 'moderator';
  const tz = media.schedule?.timeZone;
  let stage: SafeHtml;
  if (media.kind === 'media') {
    stage = v.mediaType
      ? v.mediaType === 'audio'
        ? html`<audio controls preload="metadata" src="/s/media">${pc.t('noPlayer')}</audio>`
        : html`<video controls preload="metadata" playsinline src="/s/media">${pc.t('noPlayer')}</video>`
      : html`<p class="hint">${pc.t('noFile')}</p>`;
  } else {
    stage = html`<p>${pc.t('roomLive')}</p><p id="people-count">${pc.t('peopleIn', { n: v.admittedCount })}</p>${liveStage(pc)}`;
  }
  return layout(pc, {
    title: media.title,
    live: 'session',
    body: html`<section class="card wide">
${mediaHeader(pc, media, media.title)}
<p class="who">${pc.t('youAreIn')} — ${bdi(p.name)}</p>
${media.description ? html`<p class="description" dir="auto">${media.description}</p>` : ''}
<div class="stage">${stage}</div>
${
  canHand
    ? html`<form method="post" action="/s/hand" data-inline="hand" class="hand" data-raise="${pc.t('raiseHand')}" data-lower="${pc.t('lowerHand')}" data-raised="${pc.t('handRaised')}" data-lowered="${pc.t('handLowered')}">
  ${csrfField(pc)}<input type="hidden" name="raised" value="${p.handRaised ? '0' : '1'}">
  <button type="submit">${p.handRaised ? pc.t('lowerHand') : pc.t('raiseHand')}</button>
  <span class="hand-status" role="status">${p.handRaised ? pc.t('handRaised') : ''}</span>
</form>`
    : ''
}
<p id="inline-error" class="field-error" role="alert"></p>
${
  v.people
    ? html`<section class="panel" aria-labelledby="manage-h"><h2 id="manage-h">${pc.t('manage')}</h2><div id="people" aria-live="polite">${peopleList(pc, v.people, p.id, v.live)}</div></section>`
    : ''
}
<section class="panel" aria-labelledby="chat-h"><h2 id="chat-h">${pc.t('chat')}</h2>
<div id="chat" aria-live="polite">${chatList(pc, v.chat, tz)}</div>
${
  canChat
    ? html`<form method="post" action="/s/chat" data-inline="chat" class="chat-form">${csrfField(pc)}
  <label for="chat-body">${pc.t('message')}</label>
  <textarea id="chat-body" name="body" maxlength="1000" rows="2" required></textarea>
  <button type="submit">${pc.t('send')}</button></form>`
    : ''
}
</section>
<p id="live-status" role="status" class="hint"></p>
${leaveForm(pc)}
</section>`,
  });
}

/** V1: the live session's stage; /assets/live.js fills it (words travel as JSON, read with JSON.parse). */
function liveStage(pc: PageCtx): SafeHtml {
  const w = LIVE_WORDS[pc.lang];
  return html`<section id="live" class="live" aria-labelledby="live-h" data-words="${JSON.stringify(w)}">
<h2 id="live-h">${w.heading}</h2>
<p class="live-status hint" role="status"></p>
<p class="live-note" role="alert"></p>
<div class="controls" hidden><button type="button" class="secondary" data-live="mic" aria-pressed="false">${w.micOff}</button><button type="button" class="secondary" data-live="cam" aria-pressed="false">${w.camOff}</button></div>
<div class="grid"></div>
<p class="empty hint">${w.nobody}</p>
</section>
<script src="/assets/live.js" defer></script>`;
}

/** D1: the denied page. Only ever shows the media the link belongs to. */
export function deniedPage(pc: PageCtx, reason: DenialReason, media: Media | null, retryHref?: string, expiresAt?: string): string {
  return layout(pc, {
    title: pc.t('deniedHeading'),
    body: html`<section class="card denied" data-reason="${reason}">
${media ? mediaHeader(pc, media, media.title) : html`<h1>${pc.t('deniedHeading')}</h1>`}
<div role="alert">
<p class="denied-reason">${reasonText(pc.t, reason)}</p>
${expiresAt ? html`<p class="denied-when">${tHtml(pc, 'expiredAt', { when: html`<time datetime="${expiresAt}">${formatDateTime(expiresAt, pc.lang, media?.schedule?.timeZone ?? 'UTC')}</time>` })}</p>` : ''}
<p class="denied-common">${deniedLead(pc.t, reason)}</p>
</div>
${media?.contact ? html`<p class="denied-contact">${tHtml(pc, 'contactLine', { contact: bdi(media.contact) })}</p>` : ''}
${retryHref ? html`<p><a href="${retryHref}">${pc.t('tryAgain')}</a></p>` : ''}
</section>`,
  });
}

export function messagePage(pc: PageCtx, heading: string, text: string, code?: string): string {
  return layout(pc, {
    title: heading,
    body: html`<section class="card"><h1>${heading}</h1><p role="alert">${text}</p>${code ? html`<p class="hint">${labelled(pc, 'errorCode')} <code>${code}</code></p>` : ''}</section>`,
  });
}

export const DENIAL_STATUS: Record<DenialReason, number> = {
  'unknown-link': 404,
  'link-deleted': 410,
  'link-expired': 410,
  'no-clicks-left': 410,
  'media-unavailable': 410,
  'invite-revoked': 410,
  'guest-access-off': 403,
  'email-mismatch': 403,
  'denied-by-moderator': 403,
  'removed-by-moderator': 403,
  // Gone, like an expired link: it won't come back unless the moderator extends the session.
  'session-ended': 410,
};
