// The console follows Settings → Language: dialogs in French and Hebrew,
// <html lang dir> (right-to-left for Hebrew), and English again.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateLinkDialog } from '../../src-renderer/screens/CreateLinkDialog';
import { ManageGuestAccessDialog } from '../../src-renderer/screens/ManageGuestAccess';
import { resetStore } from '../../src-renderer/store';
import { installFakeBridge, link, setLanguage, withMedia } from './fakeBridge';

const XSS = '<img src=x onerror=alert(1)>';



beforeEach(() => resetStore());
afterEach(() => cleanup());

describe('Language setting', () => {
  it('fr: "Create new link" is in French, inline validation too', async () => {
    installFakeBridge();
    await setLanguage('fr');
    render(<CreateLinkDialog mediaId={1} onClose={() => {}} />);
    const dlg = screen.getByRole('dialog', { name: 'Créer un lien' });
    expect(within(dlg).getByLabelText('Nom du lien *')).toBeTruthy();
    expect(within(dlg).getByLabelText('Nb de clics')).toBeTruthy();
    expect(within(dlg).getByLabelText('Durée')).toBeTruthy();
    expect(within(dlg).getByRole('button', { name: 'Annuler' })).toBeTruthy();
    expect(within(dlg).getByRole('button', { name: 'Fermer' })).toBeTruthy();
    fireEvent.click(within(dlg).getByRole('button', { name: 'Créer' }));
    expect(await within(dlg).findByText('Un nom de lien est obligatoire (1 à 100 caractères).')).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr');
    expect(document.documentElement.dir).toBe('ltr');
  });

  it('he: Manage guest access is in Hebrew, the document is right-to-left, guest-typed names stay text', async () => {
    installFakeBridge({ links: [link(1, { name: XSS }), link(2, { name: 'Press' })] });
    await withMedia();
    await setLanguage('he');
    render(<ManageGuestAccessDialog mediaId={1} onClose={() => {}} />);
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('he');
    const dlg = screen.getByRole('dialog', { name: 'ניהול גישת אורחים' });
    expect(within(dlg).getByRole('switch', { name: 'הפעלת גישת אורחים' })).toBeTruthy();
    expect(within(dlg).getByRole('button', { name: 'יצירת קישור חדש' })).toBeTruthy();
    expect(await within(dlg).findByText('2 קישורים')).toBeTruthy();
    // The name is isolated (FSI … PDI) inside the Hebrew label, and inserted as text.
    expect(within(dlg).getByRole('button', { name: 'מחיקת הקישור "\u2068Press\u2069"' })).toBeTruthy();
    expect(within(dlg).getByText(XSS)).toBeTruthy();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('back to English: the same dialog reads exactly as before, left-to-right', async () => {
    installFakeBridge({ links: [link(1)] });
    await withMedia();
    await setLanguage('he');
    render(<ManageGuestAccessDialog mediaId={1} onClose={() => {}} />);
    expect(document.documentElement.dir).toBe('rtl');
    await setLanguage('en');
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.documentElement.lang).toBe('en');
    const dlg = screen.getByRole('dialog', { name: 'Manage guest access' });
    expect(within(dlg).getByText('Allow link-based access without sign-in. Up to 3 guest links available.')).toBeTruthy();
    expect(await within(dlg).findByText('1 link')).toBeTruthy();
  });

  it('German (no longer offered) falls back to English text', async () => {
    installFakeBridge();
    await setLanguage('de');
    render(<CreateLinkDialog mediaId={1} onClose={() => {}} />);
    expect(screen.getByRole('dialog', { name: 'Create new link' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
  });
});
