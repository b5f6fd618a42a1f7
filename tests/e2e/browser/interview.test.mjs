// Headless browser test of the chat page (web/index.html): greet, start an interview with the
// bot's buttons, answer the first question, and check that the feedback card renders with a
// numeric score, a score bar and the covered/missed checklist. tests/e2e/browser/run.sh starts
// the servers and runs this with `node --test`; BASE_URL points at the page and its Rasa server.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// playwright-core is a devDependency of web/package.json: resolve it from there.
const require = createRequire(join(ROOT, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const BASE_URL = process.env.BASE_URL || 'http://localhost:8280/?server=http://localhost:5205';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const RESULTS = process.env.RESULTS_DIR || join(ROOT, 'results', 'browser');
const ANSWER = process.env.ANSWER
  || 'The p-value is the probability, assuming the null hypothesis is true, of getting a test '
  + 'statistic at least as extreme as the one we observed. If it is below the significance level '
  + 'we reject the null hypothesis. It is not the probability that the null hypothesis is true.';

const SECOND = 1000;
const BOT_TIMEOUT = 60 * SECOND; // one bot turn
const FEEDBACK_TIMEOUT = 180 * SECOND; // the first answer may load the encoder

// Clicks the bot's quick-reply button with this exact title (the newest one if repeated).
async function clickReply(page, title) {
  const button = page.locator('.rw-reply', { hasText: new RegExp(`^\\s*${title}\\s*$`) }).last();
  try {
    await button.waitFor({ state: 'visible', timeout: BOT_TIMEOUT });
  } catch (error) {
    const replies = await page.locator('#chat .rw-response').allInnerTexts();
    throw new Error(`no "${title}" button from the bot after ${BOT_TIMEOUT / SECOND} s; `
      + `bot messages on the page: ${JSON.stringify(replies)}`, { cause: error });
  }
  await button.click();
}

test('the chat page renders a question card and the feedback for an answer', { timeout: 420 * SECOND }, async () => {
  mkdirSync(RESULTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'interview-chromium-'));
  const log = [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 1000 },
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  try {
    await page.goto(BASE_URL, { waitUntil: 'load', timeout: 30 * SECOND });
    assert.equal(await page.title(), 'ML Engineer mock interview');
    await page.locator('#chat .rw-widget-embedded, #chat .rw-pro-widget-embedded').first()
      .waitFor({ state: 'visible', timeout: 30 * SECOND });

    // The page greets on load (init payload /greet): the bot's track buttons appear.
    await clickReply(page, 'Statistics');
    await clickReply(page, 'Junior');
    await clickReply(page, '3');

    // The question: its text bubble and the card with the badges.
    const card = page.locator('#chat .ic-question').first();
    await card.waitFor({ state: 'visible', timeout: BOT_TIMEOUT });
    const cardText = await card.innerText();
    assert.match(cardText, /Question 1 of \d+/);
    assert.match(cardText, /statistics/i);
    assert.match(cardText, /junior/i);
    await page.locator('#chat .rw-response', { hasText: /^\s*Question 1 of \d+ \(statistics,/ })
      .first().waitFor({ state: 'visible', timeout: 5 * SECOND });

    // Answer it through the text box.
    const input = page.locator('#chat .rw-new-message');
    await input.waitFor({ state: 'visible', timeout: 10 * SECOND });
    await input.fill(ANSWER);
    await page.locator('#chat .rw-send').click();
    await page.locator('#chat .rw-client', { hasText: ANSWER.slice(0, 30) })
      .first().waitFor({ state: 'visible', timeout: 10 * SECOND });

    // The feedback card: numeric score, score bar, covered/missed checklist, model answer.
    const feedback = page.locator('#chat .ic-feedback').first();
    await feedback.waitFor({ state: 'visible', timeout: FEEDBACK_TIMEOUT });
    const bar = feedback.locator('.ic-scorebar[role="meter"]');
    await bar.waitFor({ state: 'visible', timeout: 5 * SECOND });
    const score = Number(await bar.getAttribute('aria-valuenow'));
    const maxScore = Number(await bar.getAttribute('aria-valuemax'));
    assert.ok(Number.isFinite(score) && Number.isFinite(maxScore) && maxScore > 0,
      `score bar values: ${score} / ${maxScore}`);
    assert.ok(score >= 0 && score <= maxScore, `score ${score} within 0..${maxScore}`);
    const shown = (await feedback.locator('.ic-score-value').innerText()).trim();
    assert.match(shown, /^\d+\.\d$/);
    assert.equal(Number(shown), Number(score.toFixed(1)));
    const fillWidth = await feedback.locator('.ic-scorebar-fill').evaluate((el) => el.style.width);
    assert.ok(Math.abs(parseFloat(fillWidth) - 100 * score / maxScore) < 0.1,
      `score bar filled to ${fillWidth} for ${score} / ${maxScore}`);

    const points = feedback.locator('.ic-checklist .ic-point');
    const covered = await feedback.locator('.ic-checklist .ic-covered').count();
    const missed = await feedback.locator('.ic-checklist .ic-missed').count();
    assert.ok(covered + missed > 0, 'the checklist lists the key points');
    assert.equal(await points.count(), covered + missed);
    await points.first().waitFor({ state: 'visible', timeout: 5 * SECOND });
    if (covered) assert.equal((await feedback.locator('.ic-covered .ic-mark').first().innerText()).trim(), '\u2713');
    if (missed) assert.equal((await feedback.locator('.ic-missed .ic-mark').first().innerText()).trim(), '\u2717');
    const modelAnswer = feedback.locator('.ic-model-answer p');
    await modelAnswer.waitFor({ state: 'visible', timeout: 5 * SECOND });
    assert.ok((await modelAnswer.innerText()).trim().length > 20, 'a model answer is shown');

    // The text version of the feedback is on the page too, with the same score.
    const scoreText = page.locator('#chat .rw-response', { hasText: /^\s*Score: \d+\.\d \/ \d+\.\d/ }).first();
    await scoreText.waitFor({ state: 'attached', timeout: 5 * SECOND });
    const [, textScore] = (await scoreText.innerText()).match(/Score: (\d+\.\d)/);
    assert.equal(textScore, shown);

    // Let the messages after the feedback arrive (the widget scrolls to the newest), then show
    // the card from its top.
    let count = -1;
    for (let i = 0; i < 20; i++) {
      const now = await page.locator('#chat .rw-message').count();
      if (now === count) break;
      count = now;
      await page.waitForTimeout(750);
    }
    await feedback.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(RESULTS, 'feedback.png') });
    await feedback.screenshot({ path: join(RESULTS, 'feedback-card.png') });
    console.log(`feedback rendered: ${shown} / ${maxScore.toFixed(1)}, ${covered} covered, ${missed} missed`);

    // "I don't know" closes whatever is open: the first question is then on record, and "My
    // progress" shows it as a bar. A follow-up (the answer fell short) is closed with what it
    // was after and question 2; the next question, with a feedback card revealing its answer.
    const followUp = await page.locator('#chat .ic-question-follow-up').count() > 0;
    const cards = await page.locator('#chat .ic-feedback').count();
    await input.fill("I don't know");
    await page.locator('#chat .rw-send').click();
    if (followUp) {
      await page.locator('#chat .rw-response', { hasText: /^\s*Here's what the follow-up was after: / })
        .first().waitFor({ timeout: 60 * SECOND });
      await page.locator('#chat .ic-question', { hasText: /Question 2 of \d+/ })
        .first().waitFor({ timeout: 60 * SECOND });
    } else {
      await page.locator('#chat .ic-feedback').nth(cards).waitFor({ timeout: 60 * SECOND });
    }
    console.log(`"I don't know" ${followUp ? 'closed the follow-up on question 1' : 'revealed the open question'}`);
    await page.getByRole('button', { name: 'My progress' }).click();
    const progress = page.locator('#chat .ic-progress').last();
    await progress.waitFor({ timeout: 60 * SECOND });
    const rows = progress.locator('.ic-progress-table tbody tr');
    assert.ok(await rows.count() >= 1, 'a row per practised topic');
    assert.match(await rows.first().innerText(), /statistics/);
    assert.match(await progress.innerText(), /session/);
    await progress.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(RESULTS, 'progress.png') });
  } catch (error) {
    await page.screenshot({ path: join(RESULTS, 'failure.png') }).catch(() => {});
    writeFileSync(join(RESULTS, 'failure.html'), await page.content().catch(() => ''));
    console.error(`page log:\n${log.join('\n')}\n(screenshot and HTML in ${RESULTS}/failure.*)`);
    throw error;
  } finally {
    writeFileSync(join(RESULTS, 'console.log'), log.join('\n') + '\n');
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
