import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-main/core/errors';
import { filesSaveSchema, mailComposeSchema, safeFileName } from '../../src-main/electron/ipcSchemas';
import { dataFlag, describeStartupError } from '../../src-main/electron/launch';
import { knockNotificationText } from '../../src-main/host/knockNotifier';
import { electronBindingPath } from '../../src-main/electron/nativeBinding';
import { resolveRendererFile } from '../../src-main/electron/rendererFiles';

describe('O2: launch arguments and startup failures', () => {
  it('reads --data DIR and --data=DIR', () => {
    expect(dataFlag(['electron', '.', '--data', '/tmp/a'])).toBe('/tmp/a');
    expect(dataFlag(['electron', '--data=/tmp/b'])).toBe('/tmp/b');
    expect(dataFlag(['electron', '.'])).toBeUndefined();
  });

  it('a database from a newer version gets a clear message and the folder choices', () => {
    const p = describeStartupError(new AppError('DB_NEWER_VERSION'), '/data', '/bind.node');
    expect(p.message).toMatch(/newer version/);
    expect(p.detail).toContain('/data');
    expect(p.canPickFolder).toBe(true);
  });

  it('a missing or wrong-ABI SQLite binding says what to run', () => {
    const p = describeStartupError(new Error('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115'), '/data', '/x/.native/electron-45.4.1/better_sqlite3.node');
    expect(p.detail).toContain('electron-native.mjs');
    expect(p.detail).toContain('/x/.native/electron-45.4.1/better_sqlite3.node');
    expect(p.canPickFolder).toBe(false);
  });

  it('knock notifications name the guest and the media', () => {
    expect(knockNotificationText('Ada', 'Town hall').body).toBe('\u2068Ada\u2069 is waiting in the lobby of “\u2068Town hall\u2069”.');
    expect(knockNotificationText(undefined, undefined).body).toBe('A guest is waiting in the lobby.');
  });
});

describe('the Electron SQLite binding path', () => {
  it('is kept apart from node_modules in development and under resources when packaged', () => {
    expect(electronBindingPath({ packaged: false, resourcesPath: '/r', appPath: '/app', electronVersion: '45.4.1' })).toBe(path.join('/app', '.native', 'electron-45.4.1', 'better_sqlite3.node'));
    expect(electronBindingPath({ packaged: true, resourcesPath: '/r', appPath: '/app.asar', electronVersion: '45.4.1' })).toBe(path.join('/r', 'native', 'better_sqlite3.node'));
  });
});

describe('S4: app:// serves only the built renderer', () => {
  const root = path.resolve('/srv/out/renderer');
  it.each([
    ['app://guestlist/', path.join(root, 'index.html')],
    ['app://guestlist/index.html', path.join(root, 'index.html')],
    ['app://guestlist/assets/index-abc.js', path.join(root, 'assets/index-abc.js')],
  ])('%s → its file', (url, file) => {
    expect(resolveRendererFile(root, url)).toBe(file);
  });
  it.each([
    // The URL parser resolves literal and %2e dot segments before we see them: they stay inside.
    ['app://guestlist/../../etc/passwd', path.join(root, 'etc/passwd')],
    ['app://guestlist/%2e%2e/%2e%2e/etc/passwd', path.join(root, 'etc/passwd')],
  ])('%s stays inside the renderer folder', (url, file) => {
    expect(resolveRendererFile(root, url)).toBe(file);
  });
  it.each([
    'app://guestlist/..%2f..%2fetc/passwd',
    'app://guestlist/..%5c..%5cetc/passwd',
    'app://guestlist/assets/..%2f..%2f..%2fpackage.json',
    'app://guestlist/..%2f',
    'app://other/index.html',
    'file:///etc/passwd',
    'app://guestlist/%00',
    'app://guestlist/%E0%A4%A',
  ])('refuses %s', (url) => {
    expect(resolveRendererFile(root, url)).toBeNull();
  });
});

describe('bridge inputs validated in main', () => {
  it('mail.compose needs valid addresses', () => {
    expect(mailComposeSchema.safeParse({ to: 'a@example.com, b@example.com', subject: 's', body: 'b' }).success).toBe(true);
    expect(mailComposeSchema.safeParse({ to: 'not-an-email', subject: 's', body: 'b' }).success).toBe(false);
    expect(mailComposeSchema.safeParse({ to: 'a@example.com', subject: 's', body: 'b', cc: 'x' }).success).toBe(false);
  });
  it('files.save takes a bare, safe file name', () => {
    expect(safeFileName('../../.bashrc')).toBe('bashrc');
    expect(safeFileName('C:\\Windows\\evil.csv')).toBe('evil.csv');
    expect(safeFileName('links: "q"?.csv')).toBe('links_ _q__.csv');
    expect(safeFileName('...')).toBe('guestlist-export');
    expect(filesSaveSchema.safeParse({ defaultName: 'a.csv', content: 'x', encoding: 'hex' }).success).toBe(false);
  });
});
