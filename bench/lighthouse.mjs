#!/usr/bin/env node
// Lighthouse (mobile form factor, default simulated throttling) against the production build of the web
// client in Debian's Chromium: the board (/tasks, signed in, a few tasks) and sign-in (/login, signed out).
// Run on demand, not part of `npm test`.
//
//   npx nx run-many -t build -p backend frontend      # production builds first
//   node bench/lighthouse.mjs                          # starts its own API + web on spare ports, prints scores
//
// Options: RUNS=3 (median of n runs per page), PAGES=/tasks,/login, API_PORT (18471), WEB_PORT (13471),
// CHROMIUM_PATH (/usr/bin/chromium), LH_OUT=<dir> (also writes each report as HTML and JSON there),
// BASE_URL + COOKIE to measure an already running stack instead.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { seedUser, startPrivateStack } from './first-load-js.mjs';

const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const runs = Math.max(1, Number(process.env.RUNS ?? 1));
const pages = (process.env.PAGES ?? '/tasks,/login').split(',').filter(Boolean);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

/** One Lighthouse run in a fresh Chromium (no cache, no state from the previous run); retried once on a trace hiccup. */
async function audit(url, cookie, attempt = 1) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  try {
    const result = await runLighthouse(url, chrome.port, cookie);
    if (result.lhr.runtimeError?.code === 'NO_NAVSTART' && attempt < 3)
      return audit(url, cookie, attempt + 1);
    return result;
  } finally {
    await chrome.kill();
  }
}

async function runLighthouse(url, port, cookie) {
  const result = await lighthouse(
    url,
    { port, output: ['html', 'json'], logLevel: 'error', onlyCategories: CATEGORIES },
    {
      extends: 'lighthouse:default',
      settings: {
        formFactor: 'mobile', // the defaults, spelled out: Moto G Power screen, simulated slow 4G, 4x CPU
        ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
      },
    },
  );
  if (!result?.lhr) throw new Error(`${url}: Lighthouse returned no result`);
  return result;
}

async function main() {
  let stack = null;
  try {
    let baseUrl = process.env.BASE_URL;
    let cookie = process.env.COOKIE;
    if (!baseUrl) {
      stack = await startPrivateStack({
        apiPort: Number(process.env.API_PORT ?? 18471),
        webPort: Number(process.env.WEB_PORT ?? 13471),
      });
      baseUrl = stack.webUrl;
      cookie = (await seedUser(stack.apiUrl)).cookie;
    }
    const rows = [];
    for (const page of pages) {
      // /login is for signed-out people (signed in, it redirects to the board).
      const pageCookie = page.startsWith('/login') || page.startsWith('/register') ? undefined : cookie;
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
      const metrics = { fcp: [], lcp: [], tbt: [], cls: [], si: [] };
      for (let i = 0; i < runs; i++) {
        const { lhr, report } = await audit(new URL(page, baseUrl).href, pageCookie);
        if (lhr.runtimeError)
          throw new Error(`${page}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        if (lhr.finalDisplayedUrl !== new URL(page, baseUrl).href)
          throw new Error(`${page}: ended on ${lhr.finalDisplayedUrl} (session cookie not accepted?)`);
        for (const c of CATEGORIES) scores[c].push(Math.round(lhr.categories[c].score * 100));
        const a = lhr.audits;
        metrics.fcp.push(a['first-contentful-paint'].numericValue);
        metrics.lcp.push(a['largest-contentful-paint'].numericValue);
        metrics.tbt.push(a['total-blocking-time'].numericValue);
        metrics.cls.push(a['cumulative-layout-shift'].numericValue);
        metrics.si.push(a['speed-index'].numericValue);
        if (process.env.LH_OUT) {
          mkdirSync(process.env.LH_OUT, { recursive: true });
          const name = `${page.replace(/\W+/g, '_').replace(/^_|_$/g, '') || 'root'}-${i + 1}`;
          writeFileSync(join(process.env.LH_OUT, `${name}.html`), report[0]);
          writeFileSync(join(process.env.LH_OUT, `${name}.json`), report[1]);
        }
        // Anything short of full marks, so the run says what to fix.
        for (const c of CATEGORIES)
          for (const ref of lhr.categories[c].auditRefs) {
            const r = a[ref.id];
            if (ref.weight > 0 && r.score !== null && r.score < 1)
              console.log(`  ${page} [${c}] ${r.id}: ${r.score} ${r.displayValue ?? ''}`);
          }
      }
      rows.push({
        page,
        ...Object.fromEntries(CATEGORIES.map((c) => [c, median(scores[c])])),
        all: scores,
        fcp: median(metrics.fcp),
        lcp: median(metrics.lcp),
        tbt: median(metrics.tbt),
        cls: median(metrics.cls),
        si: median(metrics.si),
      });
    }
    console.log(
      `\nLighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, ` +
        `mobile, simulated throttling, ${runs} run(s) per page (median)\n`,
    );
    console.log(
      '| page | performance | accessibility | best practices | FCP | LCP | TBT | CLS | Speed Index |',
    );
    console.log('| --- | --: | --: | --: | --: | --: | --: | --: | --: |');
    for (const r of rows)
      console.log(
        `| ${r.page} | ${r.performance} | ${r.accessibility} | ${r['best-practices']} | ${(r.fcp / 1000).toFixed(1)} s | ` +
          `${(r.lcp / 1000).toFixed(1)} s | ${Math.round(r.tbt)} ms | ${r.cls.toFixed(3)} | ${(r.si / 1000).toFixed(1)} s |`,
      );
    if (runs > 1) for (const r of rows) console.log(`  ${r.page} runs: ${JSON.stringify(r.all)}`);
  } finally {
    await stack?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
