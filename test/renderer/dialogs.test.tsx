import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParticipantsTab } from '../../src-renderer/screens/Participants';
import { CreateLinkDialog, validateLinkForm } from '../../src-renderer/screens/CreateLinkDialog';
import { InviteUsersDialog } from '../../src-renderer/screens/InviteUsers';
import { Library } from '../../src-renderer/screens/Library';
import { AuditTab } from '../../src-renderer/screens/AuditLog';
import { clicksText } from '../../src-renderer/format';
import { translator } from '../../src-renderer/i18n';
import { ManageGuestAccessDialog } from '../../src-renderer/screens/ManageGuestAccess';
import { resetStore, useStore } from '../../src-renderer/store';
import { installFakeBridge, invite, link, media, participant, withViewport, withMedia } from './fakeBridge';

const XSS = '<img src=x onerror=alert(1)>';

beforeEach(() => {
  resetStore();
});
afterEach(() => cleanup());

describe('Create new link (G3)', () => {
  it('G3: shows the seed labels', () => {
    installFakeBridge();
    render(<CreateLinkDialog mediaId={1} onClose={() => {}} />);
    const dlg = screen.getByRole('dialog', { name: 'Create new link' });
    expect(dlg.getAttribute('aria-modal')).toBe('true');
    expect(within(dlg).getByLabelText('Link Name *')).toBeTruthy();
    expect(within(dlg).getByLabelText('# of clicks')).toBeTruthy();
    expect(within(dlg).getByText('Limit how many times this link can be accessed.')).toBeTruthy();
    expect(within(dlg).getByLabelText('Duration')).toBeTruthy();
    expect(within(dlg).getByText('Day/s')).toBeTruthy();
    expect(within(dlg).getByRole('button', { name: 'Cancel' })).toBeTruthy();
    expect(within(dlg).getByRole('button', { name: 'Create' })).toBeTruthy();
  });

  it('G3: a name is required, and nothing is sent without one', async () => {
    const { calls } = installFakeBridge();
    render(<CreateLinkDialog mediaId={1} onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText('Link Name *'), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('A link name is required (1–100 characters).')).toBeTruthy();
    expect(screen.getByLabelText('Link Name *').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.name === 'links.create')).toBe(false);
  });

  it('G3: 0 clicks and -1 days are refused inline', async () => {
    const { calls } = installFakeBridge();
    render(<CreateLinkDialog mediaId={1} onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText('Link Name *'), { target: { value: 'Guests' } });
    fireEvent.change(screen.getByLabelText('# of clicks'), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText('Duration'), { target: { value: '-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText(/The number of clicks must be a whole number of 1 or more/)).toBeTruthy();
    expect(screen.getByText(/The duration must be a whole number of days, 1 or more/)).toBeTruthy();
    expect(calls.some((c) => c.name === 'links.create')).toBe(false);
  });

  it('G3: the inline rules are the core schemas (empty = unlimited / never)', () => {
    expect(validateLinkForm({ name: 'x', clicks: '', days: '' })).toEqual({});
    expect(validateLinkForm({ name: 'x', clicks: '1.5', days: '2' }).clicks).toBeTruthy();
    expect(validateLinkForm({ name: 'x'.repeat(101), clicks: '', days: '' }).name).toBeTruthy();
  });

  it('G2: a refusal from the core is shown in the dialog', async () => {
    installFakeBridge({}, { 'links.create': () => ({ ok: false, error: { code: 'GUEST_LINK_LIMIT', message: 'This media entry already has 3 guest links. Delete one before creating another.' } }) });
    render(<CreateLinkDialog mediaId={1} onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText('Link Name *'), { target: { value: 'Fourth' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect((await screen.findByRole('alert')).textContent).toContain('already has 3 guest links');
  });

  it('G3: a valid form sends name, clicks and days', async () => {
    let closed = false;
    const { calls } = installFakeBridge({}, { 'links.create': (i) => link(9, { name: i.name }) });
    render(<CreateLinkDialog mediaId={1} onClose={() => (closed = true)} />);
    fireEvent.change(screen.getByLabelText('Link Name *'), { target: { value: 'Guest speakers' } });
    fireEvent.change(screen.getByLabelText('# of clicks'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Duration'), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(closed).toBe(true));
    expect(calls.find((c) => c.name === 'links.create')?.input).toEqual({ mediaId: 1, name: 'Guest speakers', clicks: '5', days: '7' });
  });
});

describe('Manage guest access (G1, G2, G5, M2)', () => {
  it('G2: "Create new link" is disabled at 3 links, with the reason', async () => {
    installFakeBridge({ links: [link(1), link(2, { maxUses: 10, uses: 3 }), link(3)] });
    await withMedia();
    render(<ManageGuestAccessDialog mediaId={1} onClose={() => {}} />);
    const dlg = screen.getByRole('dialog', { name: 'Manage guest access' });
    expect(within(dlg).getByText('Allow link-based access without sign-in. Up to 3 guest links available.')).toBeTruthy();
    await within(dlg).findByText('3 links');
    const create = within(dlg).getByRole('button', { name: 'Create new link' }) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    const reasonId = create.getAttribute('aria-describedby')!;
    expect(document.getElementById(reasonId)?.textContent).toMatch(/already has 3 guest links/);
    // G5: clicks as "unlimited" or used/limit.
    expect(within(dlg).getAllByText('unlimited')).toHaveLength(2);
    expect(within(dlg).getByText('3/10')).toBeTruthy();
  });

  it('G2: with 2 links "Create new link" is enabled; the count says "1 link" for one', async () => {
    installFakeBridge({ links: [link(1)] });
    await withMedia();
    render(<ManageGuestAccessDialog mediaId={1} onClose={() => {}} />);
    await screen.findByText('1 link');
    expect((screen.getByRole('button', { name: 'Create new link' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByRole('switch', { name: 'Enable guest access' }).getAttribute('aria-checked')).toBe('true');
  });

  it('M2: a channel room explains guest links are not supported', async () => {
    installFakeBridge({ links: [] });
    await withMedia(media({ kind: 'channel-room', guestAccess: false }));
    render(<ManageGuestAccessDialog mediaId={1} onClose={() => {}} />);
    expect(screen.getByText(/Guest links aren’t supported for channel rooms/)).toBeTruthy();
    expect((screen.getByRole('switch', { name: 'Enable guest access' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Create new link' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('G7: delete asks first and says it cannot be undone', async () => {
    const { calls } = installFakeBridge({ links: [link(1, { name: 'Guests' })] }, { 'links.delete': () => link(1) });
    await withMedia();
    render(<ManageGuestAccessDialog mediaId={1} onClose={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete link “Guests”' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete guest link?' });
    expect(confirm.textContent).toContain("can't be undone");
    expect(calls.some((c) => c.name === 'links.delete')).toBe(false);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(calls.some((c) => c.name === 'links.delete')).toBe(true));
  });

  it('Escape closes only the top dialog', async () => {
    let closedOuter = false;
    installFakeBridge({ links: [] });
    await withMedia();
    render(<ManageGuestAccessDialog mediaId={1} onClose={() => (closedOuter = true)} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Create new link' }));
    // Create new link is loaded on demand (React.lazy): its chunk first.
    const inner = await screen.findByRole('dialog', { name: 'Create new link' });
    fireEvent.keyDown(inner, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Create new link' })).toBeNull());
    expect(closedOuter).toBe(false);
  });

  it('S3: a link name with markup is shown as text', async () => {
    installFakeBridge({ links: [link(1, { name: XSS })] });
    await withMedia();
    render(<ManageGuestAccessDialog mediaId={1} onClose={() => {}} />);
    expect(await screen.findByText(XSS)).toBeTruthy();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });
});

describe('Invite users (I4)', () => {
  it('I4: each email gets a result; invalid and duplicate ones are named', async () => {
    const { calls } = installFakeBridge(
      { invites: [] },
      {
        'invites.create': () => [
          { input: 'a@example.com', ok: true, invite: invite(1, { email: 'a@example.com', role: 'speaker' }) },
          { input: 'nope', ok: false, error: { code: 'EMAIL_INVALID', message: '“nope” is not a valid email address.' } },
          { input: 'A@example.com', ok: false, error: { code: 'EMAIL_DUPLICATE', message: 'a@example.com is listed more than once; it was invited once.' } },
        ],
      },
    );
    await withMedia();
    render(<InviteUsersDialog mediaId={1} onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText('Email addresses'), { target: { value: 'a@example.com\nnope\nA@example.com' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'speaker' } });
    // No mail server: the button says what it does.
    expect(screen.queryByRole('button', { name: 'Send invites' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Create links' }));
    expect(await screen.findByRole('heading', { name: '1 invited · 1 duplicate skipped · 1 not valid' })).toBeTruthy();
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toContain('a@example.com: invited as speaker.');
    expect(items).toContain('nope: “nope” is not a valid email address.');
    expect(items).toContain('A@example.com: a@example.com is listed more than once; it was invited once.');
    expect(calls.find((c) => c.name === 'invites.create')?.input).toMatchObject({ mediaId: 1, emails: ['a@example.com', 'nope', 'A@example.com'], role: 'speaker' });
    expect(calls.find((c) => c.name === 'invites.create')?.input).not.toHaveProperty('send');
    // What failed stays in the box to be fixed.
    expect((screen.getByLabelText('Email addresses') as HTMLTextAreaElement).value).toBe('nope\nA@example.com');
  });

  it('I3: the list shows email, role, status and last joined, and Compose email uses the link and role', async () => {
    const { calls } = installFakeBridge({ invites: [invite(1, { email: 'sam@example.org', role: 'speaker', status: 'joined', lastJoinedAt: '2026-02-01T10:00:00.000Z' })] });
    await withMedia();
    render(<InviteUsersDialog mediaId={1} onClose={() => {}} />);
    const row = (await screen.findByText('sam@example.org')).closest('tr')!;
    expect(within(row).getByText('Joined')).toBeTruthy();
    expect((within(row).getByRole('combobox', { name: 'Role for sam@example.org' }) as HTMLSelectElement).value).toBe('speaker');
    fireEvent.click(within(row).getByRole('button', { name: 'Compose email to sam@example.org' }));
    await waitFor(() => expect(calls.some((c) => c.name === 'mail.compose')).toBe(true));
    const mail = calls.find((c) => c.name === 'mail.compose')!.input as { to: string; body: string };
    expect(mail.to).toBe('sam@example.org');
    expect(mail.body).toContain('http://127.0.0.1:4410/i/inv1');
    expect(mail.body).toContain('speaker');
  });
});

const MAIL_ON = { configured: true, host: 'mail.example.org', port: 587, secure: false, user: null, passwordSet: false, from: 'events@example.org', lang: 'en' as const };

describe('Invite emails', () => {
  it('without a mail server: "Create links", and "Email all" opens one draft with everyone as blind copies', async () => {
    const { calls } = installFakeBridge(
      { invites: [invite(1, { email: 'a@example.org' }), invite(2, { email: 'b@example.org' }), invite(3, { email: 'gone@example.org', status: 'revoked' })] },
      { 'mail.settings.get': () => ({ ...MAIL_ON, configured: false, host: null, port: null }) },
    );
    await withMedia();
    render(<InviteUsersDialog mediaId={1} onClose={() => {}} />);
    expect(await screen.findByRole('button', { name: 'Create links' })).toBeTruthy();
    expect(screen.getByText(/No mail server is set up/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Email all/ }));
    await waitFor(() => expect(calls.some((c) => c.name === 'mail.compose')).toBe(true));
    const draft = calls.find((c) => c.name === 'mail.compose')!.input as { to: string; bcc: string; body: string };
    expect(draft.to).toBe('');
    expect(draft.bcc).toBe('a@example.org,b@example.org');
    // One draft for everyone can't hold personal links: none is in it.
    expect(draft.body).not.toContain('/i/');
    expect(within(screen.getByText('a@example.org').closest('tr')!).getByText('Not emailed')).toBeTruthy();
  });

  it('with a mail server: "Send invites" asks the core to email them; statuses show; a failed one can be retried', async () => {
    const { calls } = installFakeBridge(
      {
        invites: [
          invite(1, { email: 'ok@example.org', mail: { state: 'sent', queuedAt: '2026-01-01T00:00:00.000Z', sentAt: '2026-01-01T00:00:05.000Z', error: null } }),
          invite(2, { email: 'bad@example.org', mail: { state: 'failed', queuedAt: '2026-01-01T00:00:00.000Z', sentAt: null, error: '550 5.1.1 <bad@example.org>: mailbox unavailable' } }),
          invite(3, { email: 'wait@example.org', mail: { state: 'queued', queuedAt: '2026-01-01T00:00:00.000Z', sentAt: null, error: null } }),
        ],
      },
      { 'mail.settings.get': () => MAIL_ON, 'invites.create': () => [], 'invites.email': () => [invite(2)] },
    );
    await withMedia();
    render(<InviteUsersDialog mediaId={1} onClose={() => {}} />);
    const bad = (await screen.findByText('bad@example.org')).closest('tr')!;
    expect(within(bad).getByText('Failed: 550 5.1.1 <bad@example.org>: mailbox unavailable')).toBeTruthy();
    expect(within(screen.getByText('ok@example.org').closest('tr')!).getByText(/^Sent /)).toBeTruthy();
    expect(within(screen.getByText('wait@example.org').closest('tr')!).getByText('Queued')).toBeTruthy();
    // Nothing to press while a send is queued.
    expect(within(screen.getByText('wait@example.org').closest('tr')!).queryByRole('button', { name: 'Email the invite to wait@example.org' })).toBeNull();
    fireEvent.click(within(bad).getByRole('button', { name: 'Email the invite to bad@example.org' }));
    await waitFor(() => expect(calls.find((c) => c.name === 'invites.email')?.input).toEqual({ inviteId: 2 }));

    fireEvent.change(screen.getByLabelText('Email addresses'), { target: { value: 'new@example.org' } });
    fireEvent.change(screen.getByLabelText('Email language'), { target: { value: 'he' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send invites' }));
    await waitFor(() => expect(calls.find((c) => c.name === 'invites.create')?.input).toMatchObject({ emails: ['new@example.org'], send: true, lang: 'he' }));
    expect(screen.queryByRole('button', { name: /Email all/ })).toBeNull();
  });
});

describe('Invite list actions (I5)', () => {
  it('I5: revoke asks first, says it cannot be undone, then revokes and reloads', async () => {
    const { calls } = installFakeBridge({ invites: [invite(7, { email: 'rev@example.org' })] }, { 'invites.revoke': () => invite(7, { email: 'rev@example.org', status: 'revoked' }) });
    await withMedia();
    render(<InviteUsersDialog mediaId={1} onClose={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke invite for rev@example.org' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Revoke invite?' });
    expect(confirm.textContent).toContain("can't be undone");
    expect(calls.some((c) => c.name === 'invites.revoke')).toBe(false);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(calls.find((c) => c.name === 'invites.revoke')?.input).toEqual({ inviteId: 7 }));
    await waitFor(() => expect(calls.filter((c) => c.name === 'invites.list').length).toBeGreaterThanOrEqual(2));
    expect(screen.queryByRole('alertdialog', { name: 'Revoke invite?' })).toBeNull();
  });
});

describe('Participants (P1, P2, S3)', () => {
  withViewport();

  it('S3: a guest name with markup renders as text in Waiting', async () => {
    installFakeBridge({ participants: [participant(1, { name: XSS })] });
    await withMedia();
    render(<ParticipantsTab mediaId={1} />);
    const waiting = await screen.findByRole('table', { name: 'Waiting' });
    expect(await within(waiting).findByText(XSS)).toBeTruthy();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(within(waiting).getByRole('button', { name: `Admit ${XSS}` })).toBeTruthy();
  });

  it('P1: 10,000 people in the room render only a window of rows', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => participant(i + 1, { state: 'admitted', joinedAt: '2026-01-01T10:00:00.000Z' }));
    installFakeBridge({ participants: many });
    await withMedia();
    render(<ParticipantsTab mediaId={1} />);
    expect(await screen.findByRole('heading', { name: 'In the room (10000)' })).toBeTruthy();
    const table = screen.getByRole('table', { name: 'In the room' });
    expect(table.getAttribute('aria-rowcount')).toBe('10001');
    const rows = within(table).getAllByRole('row');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThan(60);
  });
});

describe('Library (M1)', () => {
  const all = Array.from({ length: 250 }, (_, i) => media({ id: 250 - i, title: i % 2 ? `Room ${250 - i}` : `Webinar ${250 - i}` }));
  const matching = (input: { search?: string }) => all.filter((m) => !input.search || m.title.toLowerCase().includes(input.search.toLowerCase()));

  it('M1: rows come a page at a time, and search is asked of the core', async () => {
    const { calls } = installFakeBridge(
      {},
      {
        'media.list': (i: { search?: string; limit: number; offset: number }) => matching(i).slice(i.offset, i.offset + i.limit),
        'media.count': (i: { search?: string }) => matching(i).length,
      },
    );
    await act(async () => useStore.getState().loadMedia());
    render(<Library />);
    const table = screen.getByRole('table', { name: 'Media entries' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 100);
    expect(screen.getByText('100 of 250')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(1 + 200));
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'webinar 24' } });
    const hits = matching({ search: 'webinar 24' }).length; // 24, 240, 242, …
    expect(hits).toBe(6);
    await waitFor(() => expect(screen.getByText(`${hits} entries`)).toBeTruthy());
    expect(within(table).getAllByRole('row')).toHaveLength(1 + hits);
    expect(calls.filter((c) => c.name === 'media.list').at(-1)!.input).toEqual({ search: 'webinar 24', limit: 200, offset: 0 });
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
  });
});

describe('Audit log in words (O3)', () => {
  it('O3: each action reads as a sentence, with who did it; guest-typed text stays text', async () => {
    // S6: typed values are bidi-isolated (FSI … PDI) in every language.
    const iso = (v: string) => `\u2068${v}\u2069`;
    const entries = [
      { id: 1, mediaId: 1, at: '2026-01-01T10:00:00.000Z', actor: 'moderator (app)', action: 'link.created', subjectType: 'guest-link', subjectId: 1, details: { name: 'Guests', clicks: 50, days: null } },
      { id: 2, mediaId: 1, at: '2026-01-01T10:01:00.000Z', actor: `guest:ada@example.com`, action: 'participant.knocked', subjectType: 'participant', subjectId: 1, details: { name: XSS, email: 'ada@example.com' } },
      { id: 3, mediaId: 1, at: '2026-01-01T10:02:00.000Z', actor: 'moderator (cli)', action: 'invite.role-changed', subjectType: 'invite', subjectId: 1, details: { email: 'bo@example.com', from: 'viewer', to: 'speaker' } },
      { id: 4, mediaId: 1, at: '2026-01-01T10:03:00.000Z', actor: 'moderator (app)', action: 'something.new', subjectType: 'x', subjectId: null, details: {} },
    ];
    installFakeBridge({}, { 'audit.list': () => entries });
    await withMedia();
    render(<AuditTab mediaId={1} />);
    const table = await screen.findByRole('table', { name: 'Audit log, newest first' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(5));
    const cells = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('td')].slice(1).map((td) => td.textContent));
    expect(cells).toEqual([
      ['Moderator (app)', 'something.new'],
      ['Moderator (command line)', `Changed ${iso('bo@example.com')} from viewer to speaker`],
      [`Guest ${iso('ada@example.com')}`, `${iso(XSS)} (${iso('ada@example.com')}) asked to join`],
      ['Moderator (app)', `Created guest link “${iso('Guests')}” (50 clicks, never expires)`],
    ]);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });
});

describe('# of clicks (G5)', () => {
  it('G5: used/limit; "unlimited" until the first use, then the uses too', () => {
    const t = translator('en');
    expect(clicksText({ uses: 2, maxUses: 20 }, t)).toBe('2/20');
    expect(clicksText({ uses: 0, maxUses: null }, t)).toBe('unlimited');
    expect(clicksText({ uses: 3, maxUses: null }, t)).toBe('3/unlimited');
  });
});

describe('New media: schedule errors one per field (issue 14)', () => {
  withViewport();
  beforeEach(() => resetStore());
  afterEach(() => cleanup());

  it('M1: a missing start, an end before the start and an unknown zone each get their own message, and nothing is sent', async () => {
    const { MediaEditorDialog } = await import('../../src-renderer/screens/MediaEditor');
    const fake = installFakeBridge({});
    render(<MediaEditorDialog mediaId={null} onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText(/^Title/), { target: { value: 'Town hall' } });
    fireEvent.click(screen.getByLabelText(/Scheduled|Schedule/));
    fireEvent.change(screen.getByLabelText('Ends'), { target: { value: '2026-12-01T09:00' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Mars/Olympus' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Give the start date and time.')).toBeTruthy();
    expect(screen.getByText('Choose a known time zone, such as Europe/Paris.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Europe/Paris' } });
    fireEvent.change(screen.getByLabelText('Starts'), { target: { value: '2026-12-01T10:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Give an end date and time after the start.')).toBeTruthy();
    expect(screen.queryByText('Give the start date and time.')).toBeNull();
    expect(screen.queryByText('Choose a known time zone, such as Europe/Paris.')).toBeNull();
    expect(fake.calls.filter((c) => c.name === 'media.create')).toEqual([]);
  });
});
