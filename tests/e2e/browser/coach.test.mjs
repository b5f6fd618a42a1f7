// Headless browser test of the coach console (coach/), on the conversation the chat-page test
// just had through the real servers: log in (a wrong password first), filter the cohort, open the
// candidate and the transcript, see the evidence highlighted, override a score with a comment and
// find it in the history and /export.csv, clear it, log out, and find every page locked again.
// Screenshots: results/browser/{cohort,candidate,transcript}.png. run.sh starts the console.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(join(ROOT, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const COACH_URL = process.env.COACH_URL || 'http://localhost:8290';
const NAME = process.env.COACH_NAME || 'coach';
const PASSWORD = process.env.COACH_PASSWORD;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const RESULTS = process.env.RESULTS_DIR || join(ROOT, 'results', 'browser');
const SECOND = 1000;

async function logIn(page, password) {
  await page.goto(`${COACH_URL}/`, { waitUntil: 'load' });
  assert.match(page.url(), /\/login$/, 'an anonymous visitor is sent to the login page');
  await page.getByLabel('Name').fill(NAME);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState('load');
}

test('a coach reviews a transcript, overrides a score and clears it', { timeout: 180 * SECOND }, async () => {
  assert.ok(PASSWORD, 'COACH_PASSWORD is set by run.sh');
  mkdirSync(RESULTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'coach-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  const page = context.pages()[0] || await context.newPage();
  try {
    page.setDefaultTimeout(20 * SECOND);
    await logIn(page, 'not the password');
    await page.getByRole('alert').filter({ hasText: 'Wrong name or password' }).waitFor();
    await logIn(page, PASSWORD);
    await page.getByRole('heading', { name: /Cohort/ }).waitFor();

    // Filter: statistics, unreviewed; the candidate from the chat-page test is listed.
    await page.getByLabel('Track').selectOption('statistics');
    await page.getByLabel('unreviewed').check();
    // Wait for the navigation itself: 'load' of the page being left resolves at once.
    await Promise.all([page.waitForURL(/track=statistics/), page.getByRole('button', { name: 'Filter' }).click()]);
    const candidate = page.locator('table.grid tbody a').first();
    await candidate.waitFor();
    await page.screenshot({ path: join(RESULTS, 'cohort.png'), fullPage: true });

    await candidate.click();
    await page.getByRole('heading', { name: 'Mastery per topic over time' }).waitFor();
    assert.ok(await page.locator('svg.chart polyline').count() > 0, 'a mastery line per topic');
    await page.screenshot({ path: join(RESULTS, 'candidate.png'), fullPage: true });

    await page.locator('table.grid tbody a').first().click();
    const answer = page.locator('li.turn.answer').first();
    await answer.waitFor();
    // The question is drawn at random, so the fixed answer may cover no key point of it: the
    // evidence of each covered point is highlighted, and an answer that covered none has none.
    const covered = await answer.locator('li.covered').count();
    const marks = await answer.locator('blockquote.said mark').count();
    assert.equal(marks > 0, covered > 0, `${covered} key point(s) covered, ${marks} highlight(s)`);
    assert.ok(await answer.locator('li.covered, li.missed').count() > 0, 'key points are listed');
    assert.ok(await page.locator('li.turn.other').count() > 0, 'commands are shown in place');
    await page.screenshot({ path: join(RESULTS, 'transcript.png'), fullPage: true });

    // Override with a comment: the coach score shows, the automatic one stays beneath.
    await answer.getByLabel('Coach score').selectOption('1.5');
    await answer.getByLabel('Comment').fill('states the definition but not the decision rule');
    await answer.getByRole('button', { name: 'Override' }).click();
    await page.waitForLoadState('load');
    const overridden = page.locator('li.turn.answer').first();
    await overridden.getByText('Coach score 1.5').waitFor();
    await overridden.locator('details.history').getByText('not the decision rule').waitFor();
    const csv = await page.evaluate(async () => (await fetch('/export.csv')).text());
    const [header, ...rows] = csv.trim().split('\n');
    assert.match(header, /^candidate,session,time,channel,question_id,track,topic,level,automatic score,coach score,reviewer,flags/);
    assert.ok(rows.some((r) => r.includes(`,1.5,${NAME},`)), `the override is in /export.csv:\n${csv}`);

    await overridden.getByRole('button', { name: 'Clear override' }).click();
    await page.waitForLoadState('load');
    const cleared = page.locator('li.turn.answer').first();
    await cleared.locator('details.history').getByText('cleared').waitFor();
    assert.equal(await cleared.getByText('Coach score 1.5').count(), 0);

    const transcript = new URL(page.url()).pathname;
    await Promise.all([page.waitForURL(/\/login$/), page.getByRole('button', { name: 'Log out' }).click()]);
    for (const path of ['/', '/export.csv', transcript]) {
      const response = await page.request.get(`${COACH_URL}${path}`, { maxRedirects: 0 });
      assert.ok([303, 401].includes(response.status()), `${path} after logout: ${response.status()}`);
    }
  } catch (error) {
    console.error(`coach console test failed at ${page.url()}:\n${(await page.innerText('body').catch(() => '')).slice(0, 3000)}`);
    await page.screenshot({ path: join(RESULTS, 'coach-failure.png') }).catch(() => {});
    writeFileSync(join(RESULTS, 'coach-failure.html'), await page.content().catch(() => ''));
    throw error;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
