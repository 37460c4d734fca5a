// The email an invitee gets: plain text, HTML and, when the media entry has a
// schedule, a calendar file (.ics). Pure (no Node imports, no I/O), so a test
// reads exactly what the sender sends. Everything a moderator typed (title,
// description, the invitee's name) is escaped for where it goes: HTML
// entities in the HTML part, RFC 5545 escaping in the .ics, one clean line in
// the subject (nodemailer encodes headers; control characters never reach them).
import type { MailLang } from './mailSettings';
import { cleanLine } from './text';
import type { InviteRole, Schedule } from './types';

export interface InviteMailInput {
  lang: MailLang;
  inviteId: number;
  mediaId: number;
  title: string;
  role: InviteRole;
  email: string;
  displayName: string | null;
  url: string;
  schedule: Schedule | null;
  /** DTSTAMP of the .ics. */
  now: Date;
}

export interface InviteMail {
  subject: string;
  text: string;
  html: string;
  /** The .ics text, or null without a schedule. */
  ics: string | null;
}

interface Words {
  subject: string;
  hello: string;
  helloName: string;
  invited: Record<InviteRole, string>;
  when: string;
  link: string;
  personal: string;
  calendar: string;
}

const WORDS: Record<MailLang, Words> = {
  en: {
    subject: 'Invitation: {title}',
    hello: 'Hello,',
    helloName: 'Hello {name},',
    invited: { viewer: 'You are invited to “{title}” as a viewer.', speaker: 'You are invited to “{title}” as a speaker.', moderator: 'You are invited to “{title}” as a moderator.' },
    when: 'When: {when}',
    link: 'Join with your personal link:',
    personal: 'This link is for {email} only: when you open it, enter this address.',
    calendar: 'The attached calendar file adds it to your calendar.',
  },
  fr: {
    subject: 'Invitation : {title}',
    hello: 'Bonjour,',
    helloName: 'Bonjour {name},',
    invited: {
      viewer: 'Vous êtes invité·e à « {title} » en tant que spectateur·rice.',
      speaker: 'Vous êtes invité·e à « {title} » en tant qu’intervenant·e.',
      moderator: 'Vous êtes invité·e à « {title} » en tant que modérateur·rice.',
    },
    when: 'Quand : {when}',
    link: 'Rejoignez avec votre lien personnel :',
    personal: 'Ce lien est réservé à {email} : en l’ouvrant, saisissez cette adresse.',
    calendar: 'Le fichier de calendrier joint l’ajoute à votre agenda.',
  },
  es: {
    subject: 'Invitación: {title}',
    hello: 'Hola:',
    helloName: 'Hola, {name}:',
    invited: { viewer: 'Le invitamos a «{title}» como espectador.', speaker: 'Le invitamos a «{title}» como ponente.', moderator: 'Le invitamos a «{title}» como moderador.' },
    when: 'Cuándo: {when}',
    link: 'Entre con su enlace personal:',
    personal: 'Este enlace es solo para {email}: al abrirlo, escriba esta dirección.',
    calendar: 'El archivo de calendario adjunto lo añade a su calendario.',
  },
  he: {
    subject: 'הזמנה: {title}',
    hello: 'שלום,',
    helloName: 'שלום {name},',
    invited: { viewer: 'הוזמנת אל "{title}" כצופה.', speaker: 'הוזמנת אל "{title}" כדובר/ת.', moderator: 'הוזמנת אל "{title}" כמנחה.' },
    when: 'מתי: {when}',
    link: 'הצטרפות בקישור האישי שלך:',
    personal: 'הקישור הזה מיועד ל-{email} בלבד: בפתיחתו יש להזין את הכתובת הזו.',
    calendar: 'קובץ היומן המצורף מוסיף את האירוע ליומן שלך.',
  },
};

const fill = (s: string, params: Record<string, string>) => s.replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** "Monday 15 March 2027, 10:00 – 11:30 (Europe/Paris)": in the media entry's own time zone, in the mail's language. */
export function scheduleText(s: Schedule, lang: MailLang): string {
  const day = new Intl.DateTimeFormat(lang, { timeZone: s.timeZone, dateStyle: 'full' });
  const time = new Intl.DateTimeFormat(lang, { timeZone: s.timeZone, timeStyle: 'short' });
  const start = new Date(s.startsAt);
  const end = new Date(s.endsAt);
  const sameDay = day.format(start) === day.format(end);
  const to = sameDay ? time.format(end) : `${day.format(end)} ${time.format(end)}`;
  return `${day.format(start)} ${time.format(start)} – ${to} (${s.timeZone})`;
}

// RFC 5545 §3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values.
const icsText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
const icsTime = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** §3.1: lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = new TextEncoder().encode(ch).length;
    if (bytes + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

export function inviteIcs(i: Pick<InviteMailInput, 'inviteId' | 'mediaId' | 'title' | 'url' | 'schedule' | 'now'>): string | null {
  if (!i.schedule) return null;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Guestlist//Invites//EN',
    'METHOD:PUBLISH',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:guestlist-invite-${i.inviteId}-media-${i.mediaId}@guestlist.invalid`,
    `DTSTAMP:${icsTime(i.now.toISOString())}`,
    `DTSTART:${icsTime(i.schedule.startsAt)}`,
    `DTEND:${icsTime(i.schedule.endsAt)}`,
    `SUMMARY:${icsText(cleanLine(i.title))}`,
    // A URI value, not TEXT: not escaped (our own https/http link, no control characters).
    `URL:${i.url}`,
    `DESCRIPTION:${icsText(i.url)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

export function inviteMail(i: InviteMailInput): InviteMail {
  const w = WORDS[i.lang];
  const title = cleanLine(i.title).trim();
  const name = i.displayName ? cleanLine(i.displayName).trim() : '';
  const when = i.schedule ? scheduleText(i.schedule, i.lang) : null;
  const rtl = i.lang === 'he';
  const hello = name ? fill(w.helloName, { name }) : w.hello;
  const invited = fill(w.invited[i.role], { title });
  const personal = fill(w.personal, { email: i.email });
  const textLines = [hello, '', invited, ...(when ? [fill(w.when, { when })] : []), '', w.link, i.url, '', personal, ...(when ? ['', w.calendar] : [])];
  const h = escapeHtml;
  // Each typed value is escaped, then put in its own isolated run (<bdi>) so a right-to-left title keeps its order.
  const html = [
    '<!doctype html>',
    `<html lang="${i.lang}" dir="${rtl ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${h(fill(w.subject, { title }))}</title></head>`,
    '<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2328;background:#f6f8fa;margin:0;padding:24px">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d0d7de;border-radius:8px;padding:24px">',
    `<p>${name ? h(w.helloName).replace('{name}', () => `<bdi>${h(name)}</bdi>`) : h(w.hello)}</p>`,
    `<p>${h(w.invited[i.role]).replace('{title}', () => `<strong><bdi>${h(title)}</bdi></strong>`)}</p>`,
    when ? `<p>${h(w.when).replace('{when}', () => `<bdi>${h(when)}</bdi>`)}</p>` : '',
    `<p>${h(w.link)}</p>`,
    `<p><a href="${h(i.url)}" style="display:inline-block;background:#0969da;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">${h(title)}</a></p>`,
    `<p dir="ltr" style="font-size:14px;word-break:break-all"><a href="${h(i.url)}">${h(i.url)}</a></p>`,
    `<p style="font-size:14px;color:#59636e">${h(w.personal).replace('{email}', () => `<bdi>${h(i.email)}</bdi>`)}</p>`,
    when ? `<p style="font-size:14px;color:#59636e">${h(w.calendar)}</p>` : '',
    '</div></body></html>',
  ].join('\n');
  return { subject: fill(w.subject, { title }), text: textLines.join('\n') + '\n', html, ics: inviteIcs({ ...i, title }) };
}
