// The dashboard in a real browser: Debian's Chromium, driven by playwright-core.
//
//   node e2e/dashboard.mjs BASE_URL SCREENSHOT_DIR [HOSTILE_DOC_ID]
//
// BASE_URL is a running `vigil serve` on the ingested sample corpus. The script searches,
// applies a facet, sorts the incident table, opens an incident, checks that the map and the
// timeline rendered, downloads the table's CSV, opens a document and a group, saves a
// screenshot of each page, and fails on any console error, uncaught exception, dialog, or
// request that leaves BASE_URL's origin. With HOSTILE_DOC_ID it also opens that document
// (a page full of script tags and event-handler attributes) and proves none of it ran or
// became markup.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, shots, hostile] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node dashboard.mjs BASE_URL SCREENSHOT_DIR [HOSTILE_DOC_ID]');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const origin = new URL(base).origin;
const problems = [];
const check = (ok, what) => {
  if (!ok) problems.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
const consoleErrors = [];
const outside = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
page.on('dialog', async (d) => { consoleErrors.push(`dialog opened: ${d.message()}`); await d.dismiss(); });
page.on('request', (r) => {
  const url = r.url();
  if (!url.startsWith('data:') && new URL(url).origin !== origin) outside.push(url);
});

const shot = async (name) => {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`     screenshot ${path}`);
};
const count = (selector) => page.locator(selector).count();
const noOverflow = async () =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

try {
  // Overview, and the keyboard: the first Tab reaches the skip link.
  await page.goto(`${base}/`);
  check((await page.locator('h1').innerText()) === 'Overview', 'overview page opens');
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement?.classList.contains('skip')), 'Tab reaches the skip link first');
  check(await noOverflow(), 'overview fits a laptop screen without sideways scrolling');
  await shot('overview');

  // Search from the header, then a facet.
  await page.fill('header input[name="q"]', 'Kabul');
  await Promise.all([page.waitForURL(/\/search\?q=Kabul/), page.press('header input[name="q"]', 'Enter')]);
  const hits = await count('ol.hits > li');
  check(hits > 0, `search "Kabul" finds documents (${hits})`);
  check((await count('ol.hits mark')) > 0, 'search results highlight the matched words');
  await shot('search');
  const facet = page.locator('ul[aria-labelledby="facet-group"] a').first();
  const facetLabel = (await facet.locator('span').first().innerText()).trim();
  await Promise.all([page.waitForURL(/group=/), facet.click()]);
  const filtered = await count('ol.hits > li');
  check(filtered > 0 && filtered <= hits, `facet "${facetLabel}" narrows the results (${filtered})`);
  check((await count('ul.chips a')) > 0, 'the applied facet shows as a removable filter');
  await shot('search-facet');

  // Incidents: sort by killed, then open the first.
  await page.goto(`${base}/incidents`);
  const rows = await count('#incidents tbody tr');
  check(rows > 0, `incident table lists incidents (${rows})`);
  await Promise.all([page.waitForURL(/sort=killed/), page.click('#incidents thead a:text("Killed")')]);
  check(
    (await page.locator('#incidents thead th[aria-sort="descending"]').innerText()).startsWith('Killed'),
    'selecting Killed sorts the table by it, largest first',
  );
  const killed = await page.locator('#incidents tbody tr td:nth-child(6)').allInnerTexts();
  const numbers = killed.map((k) => parseInt(k.replace(/\D/g, ''), 10)).filter((n) => !Number.isNaN(n));
  check(numbers.every((n, i) => i === 0 || numbers[i - 1] >= n), 'killed column is in descending order');
  const csv = await page.evaluate(async () => {
    const href = document.querySelector('a[download]').getAttribute('href');
    return (await fetch(href)).text();
  });
  const csvLines = csv.trim().split('\n');
  check(csvLines.length > 1 && csvLines[0].includes('eventid'), `CSV download of the view (${csvLines.length - 1} rows)`);
  await shot('incidents');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot('incidents-wide');
  await page.setViewportSize({ width: 1366, height: 768 });

  await Promise.all([page.waitForURL(/\/incidents\/\d+$/), page.click('#incidents tbody tr:first-child td:first-child a')]);
  check((await page.locator('h1').innerText()).startsWith('#'), 'incident page opens');
  check((await count('article.card')) > 0, 'incident page lists its sources');
  check((await count('article.card .grade')) > 0, 'every source shows its grade');
  check((await count('blockquote .m')) > 0, 'evidence sentences are highlighted');
  const mini = page.locator('#incident-map');
  check((await mini.count()) === 1 && (await mini.locator('path.land').count()) > 0 && (await mini.locator('circle').count()) === 1,
    'incident page draws a small map with its pin');
  await shot('incident');

  // Map and timeline.
  await page.goto(`${base}/map`);
  const land = await count('#world-map path.land');
  const points = await count('#world-map circle');
  const box = await page.locator('#world-map').boundingBox();
  check(land > 100 && points > 0 && box && box.width > 600, `map draws ${land} countries and ${points} incidents`);
  await shot('map');
  await page.goto(`${base}/timeline?by=link`);
  const bars = await count('#timeline-chart rect');
  check(bars > 0, `timeline draws ${bars} bars`);
  await shot('timeline');

  // A document with its extracted spans, a group, its scorecard, the sources.
  await page.goto(`${base}/search?q=Crocus`);
  await Promise.all([page.waitForURL(/\/documents\//), page.click('ol.hits > li:first-child a')]);
  const spans = await count('#doc-text .m');
  check(spans > 0, `document view highlights ${spans} extracted spans`);
  await shot('document');
  await page.goto(`${base}/groups/iskp`);
  check((await page.locator('h1').innerText()).length > 0, 'group profile opens');
  await shot('group');
  await page.goto(`${base}/groups/iskp/indicators`);
  check((await count('section.marker')) === 4, 'scorecard shows the four indicators');
  await shot('scorecard');
  await page.goto(`${base}/sources`);
  check((await count('#sources tbody tr')) > 0, 'sources page lists the sources with grades');
  await shot('sources');

  if (hostile) {
    await page.goto(`${base}/documents/${hostile}`);
    const safe = await page.evaluate(() => ({
      scripts: document.scripts.length,
      handlers: [...document.querySelectorAll('*')].some((el) => [...el.attributes].some((a) => a.name.startsWith('on'))),
      injected: document.querySelectorAll('#doc-text img, #doc-text iframe, #doc-text svg, #doc-text a').length,
      pwned: Boolean(window.__pwned),
      shown: document.querySelector('#doc-text').textContent.includes('<script>'),
    }));
    check(safe.scripts === 0 && !safe.handlers && safe.injected === 0 && !safe.pwned,
      'hostile page: no script ran and no markup from its text rendered');
    check(safe.shown, 'hostile page: its script tags show as text');
    await shot('hostile-document');
    await page.goto(`${base}/search?q=payload`);
    const pwned = await page.evaluate(() => Boolean(window.__pwned) || document.scripts.length > 0);
    check(!pwned, 'hostile page: search results show it as text too');
  }
} catch (e) {
  problems.push(`error: ${e.message}`);
  console.log(`FAIL ${e.stack}`);
} finally {
  await browser.close();
}

check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? `: ${consoleErrors.join(' | ')}` : ''}`);
check(outside.length === 0, `no request left ${origin}${outside.length ? `: ${outside.join(', ')}` : ''}`);
if (problems.length) {
  console.error(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log('dashboard: all checks passed');
