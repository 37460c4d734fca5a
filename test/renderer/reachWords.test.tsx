// L4 (issue item 6c): the reach check's words say what it proved. It reached
// this listener from this computer (at the LAN address on "my network"); a
// firewall may still block other devices. Hints that send the moderator to
// Settings say where: "Settings → Where guests reach you", in every language.
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGS, loadLanguage, translator } from '../../src-renderer/i18n';

beforeAll(() => Promise.all(LANGS.map(loadLanguage)));

describe('L4: honest reach words', () => {
  it('L4: on "my network" the check says it was made from this computer, and that a firewall may still block other devices', () => {
    const t = translator('en');
    expect(t('reach.OK.network', { address: 'http://192.168.1.20:4410' })).toBe(
      'Checked from this computer: this listener answers at http://192.168.1.20:4410, its address on your network. A firewall (on this computer or the network) may still block other devices; open a link from a phone on the same network to be sure.',
    );
    expect(t('status.reachNetwork')).toBe('answers at its network address (checked from this computer)');
    for (const lang of LANGS) {
      const tl = translator(lang);
      for (const key of ['reach.OK', 'reach.OK.network', 'status.reachNetwork'] as const) {
        expect(tl(key, { address: 'x' }), `${lang} ${key}`).not.toMatch(/from your network|depuis votre réseau|desde tu red|מהרשת שלך/);
      }
    }
  });

  it('L4: every hint that points to Settings names the section, in every language', () => {
    for (const lang of LANGS) {
      const t = translator(lang);
      const where = `${t('app.settings')} → ${t('reach.heading')}`;
      for (const key of ['reach.LOOPBACK_ONLY', 'reach.UNREACHABLE', 'reach.OTHER_SERVER'] as const) {
        const text = t(key, { address: 'https://x.example' });
        expect(text.includes(where) || (lang === 'he' && text.includes(`${t('app.settings')} ← ${t('reach.heading')}`)), `${lang} ${key}: ${text}`).toBe(true);
      }
    }
  });
});
