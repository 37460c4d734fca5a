// Issue 13 "Lobby abuse": the moderator denies a waiting guest and blocks
// their email for this media entry from the Participants screen; the same
// email's next knock, from a fresh browser, is refused before it waits.
// The real renderer in Chromium through the harness; guests in their own
// browser contexts on the real listener.
import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, test } from '@playwright/test';
import { createRoomWithLink, fillEntry } from './console';
import { startHarness } from './harness';

test('lobby abuse: "Deny and block" refuses the blocked email\'s next knock, from any browser; other emails still knock; Unblock lets it knock again', async ({ browser }) => {
  const h = await startHarness();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    test.skip(!h.listenerUrl, 'the guest listener is not available');
    const page = await ctx.newPage();
    await page.goto(h.consoleUrl);
    const title = 'Open Q&A';
    const url = await createRoomWithLink(page, title, true);
    await page.reload();
    await page.getByRole('button', { name: title, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

    const first = await fillEntry(browser, url, 'Troll', 'troll@example.com');
    await expect(first.guest.getByRole('heading', { name: 'Waiting room' })).toBeVisible();
    const waiting = page.getByRole('table', { name: 'Waiting' });
    await expect(waiting.getByRole('row', { name: /troll@example\.com/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Deny Troll' })).toBeVisible();
    await page.getByRole('button', { name: 'Deny and block Troll' }).click();
    // Undo is on offer for a few seconds; axe holds on that state too.
    await expect(page.getByRole('button', { name: 'Undo for Troll' })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await expect(page.getByText('\u2068Troll\u2069 denied. \u2068troll@example.com\u2069 can no longer ask to join this media entry.')).toBeVisible({ timeout: 10_000 });
    await expect(first.guest.getByText('A moderator declined your request to join.')).toBeVisible();
    await expect(waiting.getByRole('row', { name: /troll@example\.com/ })).toHaveCount(0);

    // A fresh browser (its own gl_b, so no per-browser cooldown applies) with the same email, any case.
    const again = await fillEntry(browser, url, 'Not a troll', 'TROLL@example.com');
    await expect(again.guest.getByText('A moderator declined your request to join.')).toBeVisible();
    await expect(again.guest.getByRole('heading', { name: 'Waiting room' })).toHaveCount(0);
    await expect(waiting.getByRole('row', { name: /troll@example\.com/i })).toHaveCount(0);

    // Another email from the same kind of fresh browser still waits: the block is per email.
    const other = await fillEntry(browser, url, 'Ana', 'ana@example.com');
    await expect(other.guest.getByRole('heading', { name: 'Waiting room' })).toBeVisible();
    await expect(waiting.getByRole('row', { name: /ana@example\.com/ })).toBeVisible();

    // ⋯ → Blocked emails lists it; Unblock lets that email ask to join again.
    await page.getByRole('button', { name: 'All participants options' }).click();
    await page.getByRole('menuitem', { name: 'Blocked emails' }).click();
    const dialog = page.getByRole('dialog', { name: 'Blocked emails' });
    await expect(dialog.getByRole('list', { name: 'Blocked emails' })).toContainText('troll@example.com');
    const axeDialog = await new AxeBuilder({ page }).analyze();
    expect(axeDialog.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await dialog.getByRole('button', { name: 'Unblock troll@example.com' }).click();
    await expect(dialog.getByText('No email is blocked for this media entry.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    const unblocked = await fillEntry(browser, url, 'Reformed', 'troll@example.com');
    await expect(unblocked.guest.getByRole('heading', { name: 'Waiting room' })).toBeVisible();
    for (const g of [first, again, other, unblocked]) await g.gctx.close();
  } finally {
    await ctx.close();
    await h.stop();
  }
});
