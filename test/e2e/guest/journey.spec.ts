// The guest's side in a real browser (Debian Chromium): entry → lobby →
// admitted by an operation call → session, without a refresh (G9, P3);
// the language switch and right-to-left layout; an XSS name staying inert (S3).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type Core, openCore } from '../../../src-main/core';
import { createListener, type Listener } from '../../../src-main/listener';

const ACTOR = 'moderator (e2e)';
let core: Core;
let listener: Listener;

test.beforeAll(async () => {
  // The rooms' schedule means something (doors, end): the core's clock runs
  // from 13:50 UTC on 12 June 2026, inside the session (doors open at 13:45).
  const t0 = Date.now();
  const inSession = Date.parse('2026-06-12T13:50:00.000Z');
  core = openCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-e2e-')), now: () => new Date(inSession + (Date.now() - t0)) });
  listener = await createListener({ core, host: '127.0.0.1', port: 0 });
});
test.afterAll(async () => {
  await listener?.close();
  core?.close();
});

function setup(title: string, requireAdmission = true) {
  const media = core.media.create(
    { kind: 'room', title, guestAccess: true, requireAdmission, schedule: { startsAt: '2026-06-12T14:00:00.000Z', endsAt: '2026-06-12T14:45:00.000Z', timeZone: 'Europe/Paris' } },
    ACTOR,
  );
  const link = core.links.create({ mediaId: media.id, name: 'All', clicks: null, days: null }, ACTOR);
  return { media, link, url: `${listener.url}/g/${link.token}` };
}

function failOnDialog(page: Page) {
  page.on('dialog', async (d) => {
    await d.dismiss();
    throw new Error(`a dialog opened: ${d.message()}`);
  });
}

test('G9/P3: entry → lobby → admitted by the moderator → session, without a refresh', async ({ page }) => {
  const { media, url } = setup('Launch review');
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Join Launch review');
  // Per-field errors first (no JS validation in the way: novalidate).
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText('Enter your name.')).toBeVisible();
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page).toHaveURL(/\/s\/lobby$/);
  await expect(page.getByText('Waiting for the moderator to let you in.')).toBeVisible();
  // Readable on a 360 px phone: nothing wider than the screen.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  // Give the page's EventSource a moment to connect, then admit from the core.
  await page.waitForTimeout(300);
  const [p] = core.participants.list(media.id);
  core.participants.admit(p!.id, ACTOR);
  await expect(page).toHaveURL(/\/s$/, { timeout: 5000 });
  await expect(page.getByText('You’re in — Ada Lovelace'.replace('’', "'"))).toBeVisible();
  // Raising a hand happens in place.
  await page.getByRole('button', { name: 'Raise hand' }).click();
  await expect(page.getByRole('button', { name: 'Lower hand' })).toBeVisible();
  expect(core.participants.get(p!.id).handRaised).toBe(true);
  // The pages work under their own strict CSP: no violations.
  expect(cspErrors).toEqual([]);
});

test('P3: removal reaches an open session page live', async ({ page }) => {
  const { media, url } = setup('Removal room', false);
  await page.goto(url);
  await page.getByLabel('Your name').fill('Bob');
  await page.getByLabel('Email').fill('bob@example.com');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page).toHaveURL(/\/s$/);
  await page.waitForTimeout(300);
  core.participants.remove(core.participants.list(media.id)[0]!.id, ACTOR);
  await expect(page.getByText('A moderator removed you from this session.')).toBeVisible();
});

test('languages: the selector switches language; Hebrew is right-to-left and mirrored', async ({ page }) => {
  const { url } = setup('Langues');
  await page.goto(url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Language').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rejoindre Langues');
  await expect(page.locator('.when')).toContainText('vendredi 12 juin 2026');
  await page.getByLabel('Langue').selectOption('he');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'he');
  // Mirrored: the brand sits on the right, the selector on the left.
  const brand = await page.locator('.brand').boundingBox();
  const lang = await page.locator('form.lang').boundingBox();
  expect(brand!.x).toBeGreaterThan(lang!.x);
  // The choice is kept on the next page load.
  await page.goto(url);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  // The denied page has the selector too.
  await page.goto(`${listener.url}/g/${'A'.repeat(32)}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'he');
  await expect(page.getByText('הקישור הזה לא מוביל לשום מקום.', { exact: false })).toBeVisible();
});

test('S3: an XSS payload as a name stays inert in the lobby, the session and the invited moderator view', async ({ browser }) => {
  const payload = '<img src=x onerror=alert(1)>';
  const { media, url } = setup('XSS room');
  const [inv] = core.invites.createMany({ mediaId: media.id, emails: ['mod@example.com'], role: 'moderator', skipLobby: true }, ACTOR);
  const modToken = inv!.ok ? inv!.invite.token : '';

  const guestCtx = await browser.newContext();
  const guest = await guestCtx.newPage();
  failOnDialog(guest);
  await guest.goto(url);
  await guest.getByLabel('Your name').fill(payload);
  await guest.getByLabel('Email').fill('x@example.com');
  await guest.getByRole('button', { name: 'Join' }).click();
  await expect(guest).toHaveURL(/\/s\/lobby$/);
  await expect(guest.locator('.who')).toHaveText(payload);
  expect(await guest.locator('img').count()).toBe(0);

  const modCtx = await browser.newContext();
  const mod = await modCtx.newPage();
  failOnDialog(mod);
  await mod.goto(`${listener.url}/i/${modToken}`);
  await expect(mod.getByRole('heading', { level: 1 })).toHaveText("You're invited as moderator to XSS room");
  await mod.getByLabel('Your name').fill('Mo');
  await mod.getByLabel('Email').fill('mod@example.com');
  await mod.getByRole('button', { name: 'Join' }).click();
  await expect(mod).toHaveURL(/\/s$/);
  const people = mod.locator('#people');
  await expect(people).toContainText(payload);
  expect(await mod.locator('img').count()).toBe(0);
  // The moderator admits the guest from their own browser (I6); the guest goes in live.
  await people.getByRole('button', { name: /^Admit/ }).click();
  await expect(guest).toHaveURL(/\/s$/, { timeout: 5000 });
  await expect(guest.locator('.who')).toContainText(payload);
  // Everyone admitted is counted, the moderator too (issue 22): the guest and Mo.
  await expect(people).toContainText('In the room (2)');
  expect(await guest.locator('img').count()).toBe(0);
  expect(await mod.locator('img').count()).toBe(0);
  await guestCtx.close();
  await modCtx.close();
});

test('accessibility: entry, error, lobby and denied pages pass axe (WCAG A/AA)', async ({ page }) => {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const { url } = setup('Axe check');
  const check = async () => {
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  };
  await page.goto(url);
  await check();
  await page.getByRole('button', { name: 'Join' }).click();
  await check();
  await page.getByLabel('Your name').fill('Ada');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page).toHaveURL(/\/s\/lobby$/);
  await check();
  await page.goto(`${listener.url}/g/${'B'.repeat(32)}?lang=he`);
  await check();
});

test('V1: the live room page passes axe in all four languages, and its controls work with a keyboard alone', async ({ page }) => {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const { media } = setup('Live axe check', false);
  const [r] = core.invites.createMany({ mediaId: media.id, emails: ['speaker@example.com'], role: 'speaker', skipLobby: true }, ACTOR);
  if (!r?.ok) throw new Error('invite failed');
  await page.goto(`${listener.url}/i/${r.invite.token}`);
  await page.getByLabel('Your name').fill('Sam');
  await page.getByLabel('Email').fill('speaker@example.com');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page).toHaveURL(/\/s$/);
  await expect(page.getByRole('heading', { name: 'Live session' })).toBeVisible();
  // The live section says something (joined, a device note, or that live media is unavailable) before it is checked.
  await expect(page.locator('#live .live-status, #live .live-note').filter({ hasText: /./ }).first()).toBeVisible({ timeout: 15_000 }).catch(() => {});
  for (const lang of ['en', 'fr', 'es', 'he'] as const) {
    await page.goto(`${listener.url}/s?lang=${lang}`);
    const res = await new AxeBuilder({ page }).include('#live').withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${lang} ${v.id}`)).toEqual([]);
  }
  await page.goto(`${listener.url}/s?lang=en`);
  // Keyboard: Tab reaches the raise-hand button (the control bar's shared control), and Enter presses it.
  let reached = false;
  for (let i = 0; i < 25 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Raise hand');
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Lower hand' })).toBeVisible();
});
