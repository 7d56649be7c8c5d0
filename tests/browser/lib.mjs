/* lib.mjs -- what the browser tests share: Chromium launched through
 * playwright-core with a fresh profile and no way off 127.0.0.1, the count
 * of passed and failed checks, signing in and out, visiting a page with
 * the status it must answer, axe-core's WCAG 2.2 AA checks, screenshots.
 *
 * tests/e2e/browser.sh starts the server and sets the environment:
 * BASE_URL (http://127.0.0.1:PORT), SCREENSHOT_DIR, OVERSIGHT and
 * OVERSIGHT_DB (the binary and its register), WORK_DIR (a scratch
 * directory), ADMIN_PASSWORD, OWNER_PASSWORD, BOARD_PASSWORD,
 * VIEWER_PASSWORD. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

function need(name) {
    const v = process.env[name];
    if (!v) {
        console.log(`FAIL: the environment variable ${name} is not set (run tests/e2e/browser.sh)`);
        console.log('0 passed, 1 failed');
        process.exit(1);
    }
    return v;
}

export const BASE = need('BASE_URL').replace(/\/$/, '');
export const SHOTS = need('SCREENSHOT_DIR');
export const WORK = process.env.WORK_DIR || tmpdir();
export const USERS = {
    admin: { name: 'admin', password: process.env.ADMIN_PASSWORD || 'admin password 1' },
    owner: { name: 'owen', password: process.env.OWNER_PASSWORD || 'owner password 1' },
    board: { name: 'bea', password: process.env.BOARD_PASSWORD || 'board password 1' },
    viewer: { name: 'vic', password: process.env.VIEWER_PASSWORD || 'viewer password 1' },
};

/* What axe-core checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/* A page answers in milliseconds, but make check runs the other tests
 * beside this one on a busy machine. A missing page fails at once on its
 * status, not on this. */
const TIMEOUT_MS = 15000;

/* ---- the count ---------------------------------------------------------- */

export function tally() {
    let pass = 0, fail = 0;
    const t0 = Date.now();
    return {
        /* Runs one check; a throw is a failure, reported with its message,
         * and the run goes on. Returns whether it passed. */
        async step(name, fn) {
            const t1 = Date.now();
            try {
                await fn();
                pass++;
                if (process.env.VERBOSE)
                    console.log(`ok: ${name} (${Date.now() - t1} ms)`);
                return true;
            } catch (e) {
                fail++;
                /* Playwright's own call log after the message says nothing more. */
                const lines = (e && e.message ? e.message : String(e)).split('\n');
                const end = lines.findIndex((l) => /^\s*(Call log:|=+ logs =+)/.test(l));
                const msg = (end < 0 ? lines : lines.slice(0, end)).join('\n      ');
                console.log(`FAIL: ${name}: ${msg}`);
                return false;
            }
        },
        /* A failure found outside a step (a whole page missing, say). */
        fail(name, msg) {
            fail++;
            console.log(`FAIL: ${name}: ${msg}`);
        },
        finish(what) {
            console.log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
            console.log(`${pass} passed, ${fail} failed`);
            process.exitCode = fail ? 1 : 0;
        },
    };
}

/* ---- the browser -------------------------------------------------------- */

/* Debian's Chromium with a profile of its own, deleted on close(). Every
 * request for anything but the server under test is refused and counted
 * in browser.offsite. */
export async function launch() {
    const profile = mkdtempSync(join(tmpdir(), 'oversight-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run'],
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
        locale: 'en-GB',
        timezoneId: 'Europe/London',
    });
    context.setDefaultTimeout(TIMEOUT_MS);
    const offsite = [];
    await context.route((url) => url.origin !== BASE, (route) => {
        offsite.push(route.request().url());
        return route.abort('blockedbyclient');
    });
    const page = context.pages()[0] || await context.newPage();
    const problems = watch(page);
    return {
        context, page, offsite, problems,
        async close() {
            await context.close().catch(() => {});
            /* Chromium's last writes can race the removal; browser.sh's
             * TMPDIR, which holds it, goes in the end anyway. */
            try {
                rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
            } catch { /* left to browser.sh */ }
        },
    };
}

/* Collects what the browser console reports as going wrong: script
 * errors, requests the security policy blocked, failed loads. Read and
 * cleared with takeProblems(). */
function watch(page) {
    const list = [];
    page.on('console', (m) => {
        /* A page's own error status is reported as a failed load; the
         * statuses are checked where they are expected, and a failing
         * stylesheet, script or image below. */
        if (m.type() === 'error' && !/^Failed to load resource: the server responded/.test(m.text()))
            list.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
        if (r.status() >= 400 && !r.request().isNavigationRequest())
            list.push(`${r.request().resourceType()} ${r.url()} answered ${r.status()}`);
    });
    page.on('pageerror', (e) => list.push(`script error: ${e.message}`));
    page.on('requestfailed', (r) => {
        const why = r.failure() ? r.failure().errorText : '';
        if (!/ERR_ABORTED/.test(why) || r.resourceType() !== 'document')
            list.push(`request failed: ${r.url()} (${why})`);
    });
    return list;
}

export function takeProblems(b) {
    return b.problems.splice(0, b.problems.length);
}

/* ---- pages -------------------------------------------------------------- */

/* The page's <h1>, or its title, for messages. */
export async function heading(page) {
    const h1 = await page.locator('h1').first().textContent({ timeout: 500 }).catch(() => null);
    return (h1 || await page.title().catch(() => '') || '').trim().replace(/\s+/g, ' ');
}

/* Goes to path and checks the status it answered with; a page that is not
 * there (404) says so plainly, since pages are added one by one. */
export async function visit(page, path, status = 200) {
    const resp = await page.goto(BASE + path);
    if (!resp)
        throw new Error(`GET ${path}: no response`);
    if (resp.status() !== status) {
        const h = await heading(page);
        if (resp.status() === 404 && status !== 404)
            throw new Error(`GET ${path} answered 404 ("${h}"): this page is missing`);
        throw new Error(`GET ${path} answered ${resp.status()} ("${h}"), expected ${status}`);
    }
    return resp;
}

/* The path and query of the page's address, as sent. */
export function pathOf(page) {
    const u = new URL(page.url());
    return u.pathname + u.search;
}

export async function signIn(page, who) {
    await visit(page, '/login');
    await page.locator('#username').fill(who.name);
    await page.locator('#password').fill(who.password);
    await Promise.all([
        page.waitForURL((u) => u.pathname !== '/login'),
        page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    const me = await page.locator('.moj-header__navigation-item').first().textContent();
    if (!me.includes(who.name))
        throw new Error(`after signing in as ${who.name} the header says "${me.trim()}"`);
}

export async function signOut(page) {
    await Promise.all([
        page.waitForURL((u) => u.pathname === '/login'),
        page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
}

/* The text of the main content, whitespace squeezed. */
export async function mainText(page) {
    return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

/* ---- accessibility ------------------------------------------------------ */

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/* Runs axe-core on the page as it is now. Injected through the DevTools
 * protocol, so the page's Content-Security-Policy stays in force. Returns
 * the violations: rule, impact, help, and the elements with their faults. */
export async function axeViolations(page) {
    const loaded = await page.evaluate(() => typeof window.axe === 'object');
    if (!loaded)
        await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, {
            runOnly: { type: 'tag', values: tags },
            resultTypes: ['violations'],
        });
        return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
        }));
    }, WCAG_TAGS);
    return result;
}

/* Each violation as its rule, impact and help, then the elements (the
 * first ten of them) with what is wrong with each. */
export function describeViolations(vs) {
    const MAX = 10;
    return vs.map((v) => {
        const nodes = v.nodes.slice(0, MAX).map((n) =>
            `${n.target} -- ${(n.summary || '').replace(/\s+/g, ' ').slice(0, 200)}`);
        if (v.nodes.length > MAX)
            nodes.push(`and ${v.nodes.length - MAX} more elements`);
        return `${v.id} (${v.impact}): ${v.help}\n        ${nodes.join('\n        ')}`;
    }).join('\n      ');
}

/* Fails listing every violation on the page. */
export async function assertAccessible(page) {
    const vs = await axeViolations(page);
    if (vs.length)
        throw new Error(`${vs.length} WCAG 2.2 AA violation(s) at ${pathOf(page)}:\n      ${describeViolations(vs)}`);
}

/* A screenshot of the whole page, SCREENSHOT_DIR/NAME.png, down to at
 * most SHOT_MAX_HEIGHT pixels: the long lists and papers run to 25,000,
 * which take seconds to encode and show nothing new after the first few
 * screens. */
const SHOT_MAX_HEIGHT = 6000;
export async function screenshot(page, name) {
    const size = page.viewportSize();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({
        path: join(SHOTS, `${name}.png`), fullPage: true,
        clip: { x: 0, y: 0, width: size.width, height: Math.min(height, SHOT_MAX_HEIGHT) },
    });
}
