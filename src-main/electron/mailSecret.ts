// Process: main. The mail server password the moderator types in Settings is
// kept encrypted with Electron's safeStorage (the OS keychain, DPAPI or the
// Secret Service) in its own electron-store file, never in the database, and
// given to the host at start and whenever it changes (host method
// mail.setPassword: the host keeps it in memory only). Where safeStorage
// can't encrypt (a Linux session without a keyring), the password goes to the
// host's database instead, as the CLI stores it (`available()` says which).
import { safeStorage } from 'electron';
import Store from 'electron-store';

export interface MailSecret {
  available(): boolean;
  load(): string | null;
  save(password: string | null): void;
}

export function safeStorageMailSecret(): MailSecret {
  const store = new Store<{ smtpPassword?: string }>({ name: 'secrets', clearInvalidConfig: true });
  // 'basic_text' is a hard-coded key on Linux without a keyring: not encryption worth the name.
  // Asked at each use and never allowed to throw: a missing or failing keychain means "not available", not a failed start.
  const available = () => {
    try {
      return safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
    } catch {
      return false;
    }
  };
  return {
    available,
    load() {
      const enc = store.get('smtpPassword');
      if (!enc || !available()) return null;
      try {
        return safeStorage.decryptString(Buffer.from(enc, 'base64'));
      } catch {
        return null;
      }
    },
    save(password) {
      if (password) store.set('smtpPassword', safeStorage.encryptString(password).toString('base64'));
      else store.delete('smtpPassword');
    },
  };
}
