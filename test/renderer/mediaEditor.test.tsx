// M1: the New media / Edit media dialog sets when the doors open and the
// denied page's contact line (D1).
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaEditorDialog } from '../../src-renderer/screens/MediaEditor';
import { ManageGuestAccessDialog } from '../../src-renderer/screens/ManageGuestAccess';
import { resetStore, useStore } from '../../src-renderer/store';
import { installFakeBridge, link, media, withMedia } from './fakeBridge';

beforeEach(() => resetStore());
afterEach(() => cleanup());

describe('New media / Edit media (M1)', () => {
  it('M1: a scheduled entry sends doorsOpenMinutes (15 unless changed) and the contact line', async () => {
    let closed = false;
    const { calls } = installFakeBridge({}, { 'media.create': (i) => media({ id: 7, ...i }) });
    render(<MediaEditorDialog mediaId={null} onClose={() => (closed = true)} />);
    fireEvent.change(screen.getByLabelText('Title *'), { target: { value: 'Town hall' } });
    fireEvent.click(screen.getByLabelText('Scheduled'));
    fireEvent.change(screen.getByLabelText('Starts'), { target: { value: '2027-03-15T10:00' } });
    fireEvent.change(screen.getByLabelText('Ends'), { target: { value: '2027-03-15T11:00' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Europe/Paris' } });
    expect((screen.getByLabelText('Doors open (minutes before the start)') as HTMLInputElement).value).toBe('15');
    fireEvent.change(screen.getByLabelText('Doors open (minutes before the start)'), { target: { value: '30' } });
    fireEvent.change(screen.getByLabelText('Contact for refused guests'), { target: { value: '  ops@example.org ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(closed).toBe(true));
    expect(calls.find((c) => c.name === 'media.create')?.input).toMatchObject({ doorsOpenMinutes: 30, contact: 'ops@example.org' });
  });

  it('M1: a bad number of minutes is refused inline and nothing is sent', async () => {
    const { calls } = installFakeBridge();
    useStore.setState((s) => ({ mediaById: { ...s.mediaById, 1: media({ schedule: { startsAt: '2027-03-15T09:00:00.000Z', endsAt: '2027-03-15T10:00:00.000Z', timeZone: 'Europe/Paris' }, doorsOpenMinutes: 20 }) } }));
    render(<MediaEditorDialog mediaId={1} onClose={() => {}} />);
    expect((screen.getByLabelText('Doors open (minutes before the start)') as HTMLInputElement).value).toBe('20');
    fireEvent.change(screen.getByLabelText('Doors open (minutes before the start)'), { target: { value: '-5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Give a whole number of minutes from 0 to 1440.')).toBeTruthy();
    expect(calls.some((c) => c.name === 'media.update')).toBe(false);
  });
});

describe('Manage guest access: expiry (G5)', () => {
  it('G5: a link\'s expiry shows the time as well as the date, in the media\'s zone', async () => {
    installFakeBridge({ links: [link(1, { expiresAt: '2027-03-22T09:30:00.000Z' })] });
    await withMedia(media({ schedule: { startsAt: '2027-03-15T09:00:00.000Z', endsAt: '2027-03-15T10:00:00.000Z', timeZone: 'Asia/Tokyo' } }));
    render(<ManageGuestAccessDialog mediaId={1} onClose={() => {}} />);
    expect(await screen.findByText('March 22, 2027 at 6:30 PM GMT+9')).toBeTruthy();
  });
});
