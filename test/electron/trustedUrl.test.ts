import { describe, expect, it } from 'vitest';
import { isRendererUrl, isTrustedExternalUrl, mailtoUrl, RENDERER_URL } from '../../src-main/electron/trustedUrl';
import { takeMailPassword } from '../../src-main/electron/ipcSchemas';

describe('S4: URL trust for window.open and navigation', () => {
  it.each([
    'https://example.com/',
    'http://127.0.0.1:4410/g/abc',
    'https://guestlist.example.org/i/xyz?lang=de',
    'mailto:someone@example.com',
    'mailto:a@example.com?subject=Hi&body=There',
  ])('allows %s', (url) => {
    expect(isTrustedExternalUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'file:///etc/passwd',
    'file://C:/Windows/system32/calc.exe',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'ms-msdt:/id PCWDiagnostic',
    'smb://evil/share',
    'guestlist://open',
    'app://guestlist/index.html',
    'chrome://settings',
    'about:blank',
    'blob:https://example.com/uuid',
    'ftp://example.com/file',
  ])('refuses the scheme of %s', (url) => {
    expect(isTrustedExternalUrl(url)).toBe(false);
  });

  it.each(['', 'not a url', '/relative/path', 'http://', 'https://user:pass@example.com/', ' https://example.com', 'https://exa\nmple.com', 'java\tscript:alert(1)', 'mailto:'])(
    'refuses malformed or credential-bearing %j',
    (url) => {
      expect(isTrustedExternalUrl(url)).toBe(false);
    },
  );

  it('refuses non-strings and over-long URLs', () => {
    expect(isTrustedExternalUrl(undefined)).toBe(false);
    expect(isTrustedExternalUrl(42)).toBe(false);
    expect(isTrustedExternalUrl({ toString: () => 'https://example.com' })).toBe(false);
    expect(isTrustedExternalUrl(`https://example.com/${'a'.repeat(5000)}`)).toBe(false);
  });

  it('recognises only our renderer (app://guestlist, or the dev server when given)', () => {
    expect(isRendererUrl(RENDERER_URL)).toBe(true);
    expect(isRendererUrl('app://guestlist/assets/index.js')).toBe(true);
    expect(isRendererUrl('app://other/index.html')).toBe(false);
    expect(isRendererUrl('http://localhost:5173/')).toBe(false);
    expect(isRendererUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isRendererUrl('https://example.com/', 'http://localhost:5173')).toBe(false);
    expect(isRendererUrl('file:///tmp/index.html')).toBe(false);
    expect(isRendererUrl(undefined)).toBe(false);
  });

  it('G6 mail: builds a mailto URL whose subject and body cannot add headers', () => {
    const url = mailtoUrl({ to: 'a@example.com, b@example.com', subject: 'Join & see\r\nBcc: x@evil', body: 'Link: https://h/g/t?x=1&y=2' });
    expect(url.startsWith('mailto:a@example.com,b@example.com?subject=')).toBe(true);
    expect(url).not.toMatch(/[\r\n]/);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('subject')).toBe('Join & see\r\nBcc: x@evil');
    expect(parsed.searchParams.get('body')).toBe('Link: https://h/g/t?x=1&y=2');
    expect([...parsed.searchParams.keys()]).toEqual(['subject', 'body']);
    expect(isTrustedExternalUrl(url)).toBe(true);
  });

  it('"Email all": one draft, nobody in To, everyone as blind copies; an address can\'t add a parameter', () => {
    const url = mailtoUrl({ to: '', bcc: 'a@example.com,b@example.com', subject: 'Invitation: A & B', body: 'x' });
    expect(url.startsWith('mailto:?bcc=a@example.com,b@example.com&subject=')).toBe(true);
    const parsed = new URL(url);
    expect(parsed.pathname).toBe('');
    expect(parsed.searchParams.get('bcc')).toBe('a@example.com,b@example.com');
    expect([...parsed.searchParams.keys()]).toEqual(['bcc', 'subject', 'body']);
    expect(isTrustedExternalUrl(url)).toBe(true);
    expect(new URL(mailtoUrl({ to: '', bcc: 'a@x.co&cc=evil@x.co', subject: 's', body: 'b' })).searchParams.get('cc')).toBeNull();
  });

  it('the console\'s mail password is taken out before mail.settings.set reaches the host (safeStorage keeps it)', () => {
    expect(takeMailPassword('mail.settings.set', { smtpUrl: 'smtp://u@h:587', password: 'pw' })).toEqual({ input: { smtpUrl: 'smtp://u@h:587' }, password: 'pw' });
    expect(takeMailPassword('mail.settings.set', { password: '' })).toEqual({ input: {}, password: null });
    // Removing the server forgets the app's password too.
    expect(takeMailPassword('mail.settings.set', { smtpUrl: null })).toEqual({ input: { smtpUrl: null }, password: null });
    expect(takeMailPassword('mail.settings.set', { from: 'a@b.co' })).toBeNull();
    expect(takeMailPassword('live.settings.set', { password: 'pw' })).toBeNull();
  });
});
