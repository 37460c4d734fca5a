// Errors from the core reach the user in the language in Settings: English
// shows the core's own sentence (it can name the address), French, Spanish
// and Hebrew the translated sentence for the error's code. Also the Audit
// log's "Who" column in words, and Hebrew isolation of inserted values.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-main/core/types';
import { actorText, AuditTab, auditText } from '../../src-renderer/screens/AuditLog';
import { InviteUsersDialog } from '../../src-renderer/screens/InviteUsers';
import { ParticipantsTab, UNDO_MS } from '../../src-renderer/screens/Participants';
import { LANGS, loadLanguage, translator } from '../../src-renderer/i18n';
import { resetStore, useStore } from '../../src-renderer/store';
import { installFakeBridge, invite, participant, setLanguage, withMedia, withViewport } from './fakeBridge';

// translator(lang) reads a loaded dictionary (English until then).
beforeAll(() => Promise.all(LANGS.map(loadLanguage)));

const FSI = '\u2068';
const PDI = '\u2069';



const inviteResults = () => [
  { input: 'a@example.com', ok: true, invite: invite(1, { email: 'a@example.com', role: 'speaker' }) },
  { input: 'nope', ok: false, error: { code: 'EMAIL_INVALID', message: '“nope” is not a valid email address.' } },
  { input: 'A@example.com', ok: false, error: { code: 'EMAIL_DUPLICATE', message: 'a@example.com is listed more than once; it was invited once.' } },
];

async function sendInvites(label: string, send: string) {
  await withMedia();
  render(<InviteUsersDialog mediaId={1} onClose={() => {}} />);
  fireEvent.change(screen.getByLabelText(label), { target: { value: 'a@example.com\nnope\nA@example.com' } });
  fireEvent.click(screen.getByRole('button', { name: send }));
  await waitFor(() => expect(screen.getAllByRole('listitem').length).toBeGreaterThanOrEqual(3));
  return screen.getAllByRole('listitem').map((li) => li.textContent);
}

beforeEach(() => resetStore());
afterEach(() => cleanup());

describe('Invite users results: the error sentence follows the language', () => {
  it('fr: EMAIL_INVALID and EMAIL_DUPLICATE read in French after the offending input', async () => {
    installFakeBridge({ invites: [] }, { 'invites.create': inviteResults });
    await setLanguage('fr');
    const items = await sendInvites('Adresses e-mail', 'Créer les liens');
    expect(items).toContain('nope\u00a0: Cette adresse e-mail n’est pas valide.');
    expect(items).toContain('A@example.com\u00a0: Cette adresse e-mail figure plusieurs fois dans la liste.');
    expect(items.join('\n')).not.toContain('is not a valid email address');
    expect(items.join('\n')).not.toContain('listed more than once');
  });

  it('en: the core’s own (more specific) message, unchanged', async () => {
    installFakeBridge({ invites: [] }, { 'invites.create': inviteResults });
    await setLanguage('en');
    const items = await sendInvites('Email addresses', 'Create links');
    expect(items).toContain('nope: “nope” is not a valid email address.');
    expect(items).toContain('A@example.com: a@example.com is listed more than once; it was invited once.');
  });

  it('he: the input and the sentence are separate isolated runs (<bdi>)', async () => {
    installFakeBridge({ invites: [] }, { 'invites.create': inviteResults });
    await setLanguage('he');
    await sendInvites('כתובות דוא״ל', 'יצירת קישורים');
    const line = screen.getAllByRole('listitem').find((li) => li.textContent?.startsWith('nope'))!;
    const runs = [...line.querySelectorAll('bdi')].map((b) => b.textContent);
    expect(runs).toEqual(['nope', 'זו אינה כתובת דוא״ל תקינה.']);
    expect(line.textContent).toBe('nope: זו אינה כתובת דוא״ל תקינה.');
  });

  it('he: an invite row keeps email and name as separate isolated runs; the emails box is left-to-right', async () => {
    installFakeBridge({ invites: [invite(1, { email: 'bo@example.org', displayName: 'Bo Li' })] });
    await setLanguage('he');
    await withMedia();
    render(<InviteUsersDialog mediaId={1} onClose={() => {}} />);
    const email = await screen.findByText('bo@example.org');
    expect(email.tagName).toBe('BDI');
    const cell = email.closest('td')!;
    expect([...cell.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual(['bo@example.org', 'Bo Li']);
    expect(cell.textContent).toBe('bo@example.org (Bo Li)');
    expect(screen.getByLabelText('כתובות דוא״ל').getAttribute('dir')).toBe('ltr');
  });
});

describe('other errors from the core', () => {
  withViewport();

  it('fr: a failed Deny toasts the French sentence for its code', async () => {
    installFakeBridge(
      { participants: [participant(1, { name: 'Ada' })] },
      { 'participants.deny': () => ({ ok: false, error: { code: 'PARTICIPANT_STATE', message: 'That participant is not in a state that allows this action.' } }) },
    );
    await setLanguage('fr');
    render(<ParticipantsTab mediaId={1} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Refuser Ada' }));
    // Deny happens once its Undo window has passed.
    await waitFor(() => expect(useStore.getState().toasts.map((t) => t.text)).toContain('L’état de ce participant ne permet pas cette action.'), { timeout: UNDO_MS + 3000 });
  }, UNDO_MS + 5000);

  it('P2: Deny is one click with Undo; undone in time, nothing is sent', async () => {
    const calls: number[] = [];
    installFakeBridge({ participants: [participant(1, { name: 'Ada' })] }, { 'participants.deny': (i: { participantId: number }) => (calls.push(i.participantId), { ok: true, value: participant(1, { state: 'denied' }) }) });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Deny Ada' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Undo for Ada' }));
    expect(await screen.findByRole('button', { name: 'Deny Ada' })).toBeTruthy();
    await new Promise((r) => setTimeout(r, UNDO_MS + 300));
    expect(calls).toEqual([]);
  }, UNDO_MS + 5000);

  it('es: a failed load reported by the store is in Spanish; in English it is the core’s message', async () => {
    installFakeBridge({}, { 'links.list': () => ({ ok: false, error: { code: 'MEDIA_NOT_FOUND', message: 'There is no media entry with that ID.' } }) });
    await setLanguage('es');
    await act(() => useStore.getState().loadLinks(9));
    expect(useStore.getState().toasts.map((t) => t.text)).toEqual(['No hay ningún contenido con ese ID.']);
    await setLanguage('en');
    await act(() => useStore.getState().loadLinks(9));
    expect(useStore.getState().toasts.at(-1)!.text).toBe('There is no media entry with that ID.');
  });
});

describe('Audit log: who did it, in words', () => {
  const entry = (id: number, actor: string): AuditEntry => ({ id, mediaId: 1, at: '2026-01-01T10:00:00.000Z', actor, action: 'guest-access.enabled', subjectType: 'media', subjectId: 1, details: {} });

  it('fr: the app, the command line, the test harness, a guest, an invited speaker; anything else as it is', async () => {
    const actors = ['moderator (app)', 'moderator (cli)', 'moderator (harness)', 'guest:ada@x.co', 'invited speaker:bo@x.co', 'invited moderator:cy@x.co', 'script (nightly)'];
    installFakeBridge({}, { 'audit.list': () => actors.map((a, i) => entry(i + 1, a)) });
    await withMedia();
    await setLanguage('fr');
    render(<AuditTab mediaId={1} />);
    const table = await screen.findByRole('table', { name: "Journal d'audit, du plus récent au plus ancien" });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(1 + actors.length));
    const who = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.querySelectorAll('td')[1]!.textContent);
    expect(who).toEqual([
      'script (nightly)',
      `Modérateur invité ${FSI}cy@x.co${PDI}`,
      `Intervenant invité ${FSI}bo@x.co${PDI}`,
      `Invité ${FSI}ada@x.co${PDI}`,
      'Modérateur (banc de test)',
      'Modérateur (ligne de commande)',
      'Modérateur (application)',
    ]);
    // "What happened" has no tooltip with the internal action code.
    for (const td of table.querySelectorAll('td')) expect(td.getAttribute('title')).toBeNull();
  });

  it('en, es, he: the same shapes; the email is isolated (S6: in every language)', () => {
    const en = translator('en');
    expect(actorText('moderator (app)', en)).toBe('Moderator (app)');
    expect(actorText('moderator (cli)', en)).toBe('Moderator (command line)');
    expect(actorText('moderator (harness)', en)).toBe('Moderator (test harness)');
    expect(actorText('guest:ada@x.co', en)).toBe(`Guest ${FSI}ada@x.co${PDI}`);
    expect(actorText('invited viewer:bo@x.co', en)).toBe(`Invited viewer ${FSI}bo@x.co${PDI}`);
    expect(actorText('moderator (e2e)', en)).toBe('moderator (e2e)');
    expect(actorText('invited guest:bo@x.co', en)).toBe('invited guest:bo@x.co');
    expect(actorText('invited speaker:bo@x.co', translator('es'))).toBe(`Ponente invitado ${FSI}bo@x.co${PDI}`);
    expect(actorText('guest:ada@x.co', translator('he'))).toBe(`אורח/ת ${FSI}ada@x.co${PDI}`);
  });

  it('S6 defect 6: a right-to-left override in a name cannot reverse the Audit log sentence (the name is isolated)', () => {
    const en = translator('en');
    const name = 'Eve\u202Egnp.exe';
    const sentence = auditText({ action: 'participant.knocked', details: { name, email: 'eve@x.co' } }, en);
    expect(sentence).toBe(`${FSI}${name}${PDI} (${FSI}eve@x.co${PDI}) asked to join`);
    // Every override or embedding opened inside a value is closed by its PDI before the sentence goes on.
    const afterName = sentence.slice(sentence.indexOf(PDI));
    expect(afterName).not.toMatch(/[\u202A-\u202E]/);
    expect(actorText('guest:\u202Emoc.x@eve', en)).toBe(`Guest ${FSI}\u202Emoc.x@eve${PDI}`);
  });
});
