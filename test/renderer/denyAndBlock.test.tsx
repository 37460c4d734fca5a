// Issue 13 "Lobby abuse": a waiting guest can be denied and their email
// blocked for this media entry, from the Participants screen, next to Deny.
// Like Deny it is one click with Undo for a few seconds (UNDO_MS).
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditText } from '../../src-renderer/screens/AuditLog';
import { BlockedEmailsDialog } from '../../src-renderer/screens/BlockedEmails';
import { ParticipantsTab, UNDO_MS } from '../../src-renderer/screens/Participants';
import { translator } from '../../src-renderer/i18n';
import { resetStore, useStore } from '../../src-renderer/store';
import { installFakeBridge, participant, setLanguage, withViewport } from './fakeBridge';

beforeEach(() => resetStore());
afterEach(() => cleanup());

describe('Deny and block (lobby abuse)', () => {
  withViewport();

  function install() {
    const ada = participant(1, { name: 'Ada', email: 'ada@example.org' });
    return installFakeBridge(
      { participants: [ada] },
      {
        'participants.deny': () => participant(1, { name: 'Ada', email: 'ada@example.org', state: 'denied' }),
        'participants.denyAndBlock': () => participant(1, { name: 'Ada', email: 'ada@example.org', state: 'denied' }),
      },
    );
  }
  const sent = (calls: { name: string; input: unknown }[]) => calls.filter((c) => c.name === 'participants.deny' || c.name === 'participants.denyAndBlock');

  it('lobby abuse: "Deny and block" sits next to Deny, waits with Undo, then denies and blocks (not a plain deny)', async () => {
    const fake = install();
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Deny and block Ada' }));
    expect(await screen.findByText('\u2068Ada\u2069 will be denied in a few seconds, and \u2068ada@example.org\u2069 blocked from asking to join this media entry again.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Undo for Ada' })).toBeTruthy();
    expect(sent(fake.calls)).toEqual([]);
    await waitFor(() => expect(sent(fake.calls)).toEqual([{ name: 'participants.denyAndBlock', input: { participantId: 1 } }]), { timeout: UNDO_MS + 3000 });
    await waitFor(() => expect(useStore.getState().toasts.map((t) => t.text)).toContain('\u2068Ada\u2069 denied. \u2068ada@example.org\u2069 can no longer ask to join this media entry.'));
  }, UNDO_MS + 5000);

  it('lobby abuse: Deny and block undone in time sends nothing', async () => {
    const fake = install();
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Deny and block Ada' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Undo for Ada' }));
    expect(await screen.findByRole('button', { name: 'Deny and block Ada' })).toBeTruthy();
    await new Promise((r) => setTimeout(r, UNDO_MS + 300));
    expect(sent(fake.calls)).toEqual([]);
  }, UNDO_MS + 5000);

  it('lobby abuse: the action is named in every language, and its button name starts with its visible text', async () => {
    installFakeBridge({ participants: [participant(1, { name: 'Ada' })] });
    for (const [lang, name] of [['fr', 'Refuser et bloquer Ada'], ['es', 'Rechazar y bloquear a Ada'], ['he', 'דחייה וחסימה של Ada']] as const) {
      await setLanguage(lang);
      const { unmount } = render(<ParticipantsTab mediaId={1} />);
      const button = await screen.findByRole('button', { name: new RegExp(name.replace('Ada', '.*Ada.*')) });
      expect(button.textContent).toBe(translator(lang)('participants.block'));
      unmount();
    }
  });

  it('lobby abuse: the Audit log says whose email was blocked, not the raw action name', () => {
    const text = auditText({ action: 'participant.email-blocked', details: { name: 'Ada', email: 'ada@example.org' } });
    expect(text).toBe('Blocked \u2068ada@example.org\u2069 from asking to join again');
  });
});

describe('Blocked emails (lobby abuse)', () => {
  it('lobby abuse: the blocked emails of a media entry are listed; Unblock sends that email and shows who is still blocked', async () => {
    let blocked = [
      { mediaId: 7, email: 'troll@example.com', blockedAt: '2026-06-01T10:00:00.000Z', scope: 'guest-links' },
      { mediaId: 7, email: 'spam@example.com', blockedAt: '2026-06-01T09:00:00.000Z', scope: 'everywhere' },
    ];
    const fake = installFakeBridge(
      {},
      {
        'participants.blocked': () => blocked,
        'participants.unblock': (i: { email: string }) => (blocked = blocked.filter((b) => b.email !== i.email)),
      },
    );
    await setLanguage('en');
    render(<BlockedEmailsDialog mediaId={7} onClose={() => {}} />);
    const list = await screen.findByRole('list', { name: 'Blocked emails' });
    expect(list.textContent).toContain('troll@example.com');
    expect(list.textContent).toContain('spam@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Unblock troll@example.com' }));
    await waitFor(() => expect(screen.queryByText('troll@example.com')).toBeNull());
    expect(fake.calls.find((c) => c.name === 'participants.unblock')!.input).toEqual({ mediaId: 7, email: 'troll@example.com' });
    expect(useStore.getState().toasts.map((t) => t.text)).toContain('\u2068troll@example.com\u2069 can ask to join again.');
    fireEvent.click(screen.getByRole('button', { name: 'Unblock spam@example.com' }));
    expect(await screen.findByText('No email is blocked for this media entry.')).toBeTruthy();
  });

  it('lobby abuse: the Audit log names an unblocked email', () => {
    expect(auditText({ action: 'participant.email-unblocked', details: { email: 'ada@example.org' } })).toBe('Unblocked \u2068ada@example.org\u2069');
  });
});
