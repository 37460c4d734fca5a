// Renders the HTML part of an invite email (exactly what core/inviteMail.ts sends) in Chromium and saves
// docs/screenshots/16-invite-email.png and 17-invite-email-he.png. Run: npx tsx scripts/invite-email-screenshot.ts
import path from 'node:path';
import { chromium } from 'playwright-core';
import { inviteMail } from '../src-main/core/inviteMail';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/helpers/chromium';
const base = { inviteId: 12, mediaId: 3, title: 'Town hall: Q&A with the board', role: 'speaker' as const, email: 'ana@example.org', displayName: 'Ana Ruiz', url: 'https://events.example.org/i/k3Jq9vXz2Lw8RbT4', schedule: { startsAt: '2027-03-15T09:00:00.000Z', endsAt: '2027-03-15T10:30:00.000Z', timeZone: 'Europe/Paris' }, now: new Date() };
(async () => {
  const b = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  for (const [lang, file] of [['en', '16-invite-email.png'], ['he', '17-invite-email-he.png']] as const) {
    const p = await b.newPage({ viewport: { width: 680, height: 560 } });
    await p.setContent(inviteMail({ ...base, lang }).html);
    await p.screenshot({ path: path.resolve(__dirname, '../docs/screenshots', file), fullPage: true });
  }
  await b.close();
})();
