// Steps the console e2e specs share: a room with a guest link made through
// the bridge, a guest filling the entry form in a browser of their own, the
// console's language, and opening a media page.
import { type Browser, expect, type Page } from '@playwright/test';

/** Through the console's bridge: a room with guest access and one guest link, "Everyone". Returns the link's URL. */
export async function createRoomWithLink(page: Page, title: string, requireAdmission: boolean): Promise<string> {
  return page.evaluate(
    async ({ title, requireAdmission }) => {
      const ops = window.guestlist.ops;
      const m = await ops['media.create']({ kind: 'room', title, requireAdmission, guestAccess: true });
      if (!m.ok) throw new Error(m.error.message);
      const l = await ops['links.create']({ mediaId: m.value.id, name: 'Everyone' });
      if (!l.ok) throw new Error(l.error.message);
      return l.value.url;
    },
    { title, requireAdmission },
  );
}

/** A guest in a fresh browser context types a name and an email on the entry page and presses Join. */
export async function fillEntry(browser: Browser, url: string, name: string, email: string) {
  const gctx = await browser.newContext();
  const guest = await gctx.newPage();
  await guest.goto(url);
  await guest.getByLabel('Your name').fill(name);
  await guest.getByLabel(/Email/).fill(email);
  await guest.getByRole('button', { name: 'Join' }).click();
  return { guest, gctx };
}

/** Settings → Language through the bridge, then the console reloads in it. */
export async function setLanguage(page: Page, language: 'en' | 'he') {
  await page.evaluate(async (language) => {
    const r = await window.guestlist.app.setSettings({ language });
    if (!r.ok) throw new Error(r.error.message);
  }, language);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** Library (the first navigation button) → the media entry → its page. */
export async function openMedia(page: Page, title: string) {
  await page.getByRole('navigation').first().getByRole('button').first().click();
  await page.getByRole('button', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}
