// The page in a real headless Chromium (Debian's, driven by playwright-core): sign in, place an order, see
// the ETA arrive over the WebSocket; a refused order shows the kitchen's reason; another customer's page
// never sees someone else's ETA; the page breaks none of its own content security policy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Database, type Demo, freshDatabase, startDemo } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

describe('food delivery: the page in headless Chromium', () => {
  let db: Database;
  let demo: Demo;
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH.`);
    db = await freshDatabase();
    [demo, browser] = await Promise.all([startDemo({ DATABASE_URL: db.url }), chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })]);
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
    await db?.drop();
  });

  async function openAs(customer: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    // The browser logs the 502 of a refused order as an error: that one is expected.
    page.on('console', (message) => message.type() === 'error' && !/status of 502/.test(message.text()) && problems.push(`${customer}: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`${customer}: ${error.message}`));
    await page.goto(demo.url);
    await page.fill('#customer', customer);
    await page.click('#signin-form button');
    await page.locator('#socket-state', { hasText: 'connected' }).waitFor();
    assert.equal(await page.textContent('#who'), customer);
    return page;
  }

  async function order(page: Page, dish: string, quantity: number): Promise<void> {
    await page.fill('#dish', dish);
    await page.fill('#quantity', String(quantity));
    await page.click('#order-form button');
  }

  test('an order\'s ETA arrives live on the customer\'s page, and only there', async () => {
    const ada = await openAs('Ada');
    const bob = await openAs('Bob');
    await order(ada, 'ramen', 2);
    await ada.locator('#etas li', { hasText: /^Order #\d+ \(2 × ramen\) will be ready in 14 min$/ }).waitFor();
    await ada.locator('#status', { hasText: /^Order #\d+ placed\.$/ }).waitFor();
    await ada.locator('#orders li', { hasText: /^#\d+ 2 × ramen: ready in 14 min$/ }).waitFor();

    await order(bob, 'gyoza', 1);
    await bob.locator('#etas li', { hasText: 'will be ready in 6 min' }).waitFor();
    // Bob's page shows his ETA only; Ada's still shows hers only.
    const bobs = await bob.locator('#etas li').allTextContents();
    assert.equal(bobs.length, 1, bobs.join('\n'));
    assert.match(bobs[0]!, /^Order #\d+ \(1 × gyoza\) will be ready in 6 min$/);
    const adas = await ada.locator('#etas li').allTextContents();
    assert.equal(adas.length, 1, adas.join('\n'));
    assert.match(adas[0]!, /\(2 × ramen\)/);
  });

  test('a dish the kitchen refuses shows its reason; the order is listed as kitchen failed', async () => {
    const page = await openAs('Carol');
    await order(page, 'pizza', 1);
    await page.locator('#status.error', { hasText: /^order \d+ was not placed: the kitchen answered 422: "pizza" is not on the menu/ }).waitFor();
    await page.locator('#orders li.kitchen_failed', { hasText: /^#\d+ 1 × pizza: kitchen failed$/ }).waitFor();
    assert.equal(await page.locator('#etas li').count(), 0);
  });

  test('a name the service refuses is shown on the sign-in form', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(demo.url);
    await page.fill('#customer', '<b>');
    await page.click('#signin-form button');
    await page.locator('#signin-status', { hasText: /customer must be a name of 1–40 letters/ }).waitFor();
    assert.equal(await page.isHidden('#ordering'), true);
  });

  test('no errors on any page (a content security policy violation would be one)', () => {
    assert.deepEqual(problems, []);
  });
});
