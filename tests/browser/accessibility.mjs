/* accessibility.mjs -- every page of the web application checked by
 * axe-core against WCAG 2.2 AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa,
 * wcag22aa), with a full-page screenshot of each in SCREENSHOT_DIR: the
 * sign-in page (empty, and with its errors), "Page not found"; signed in
 * as an administrator, who sees every page: each page the navigation
 * leads to and the pages behind them -- actions, one closed and one open,
 * a form sent back with its errors, an action whose ref has slashes
 * (7/2023/P), the add and edit forms, a source, the measures and one
 * measure's page, every paper on screen and
 * the committee paper's HTML file, users; and for the owner, the board
 * member and the viewer, every page their navigation offers them, which
 * must open. A page's script errors, failed loads and requests the
 * security policy blocks fail it too.
 *
 * Prints "N passed, M failed"; run by tests/e2e/browser.sh. */
import {
    BASE, USERS, assertAccessible, heading, launch, pathOf, screenshot, signIn, signOut,
    takeProblems, tally, visit,
} from './lib.mjs';

const t = tally();
const b = await launch();
const page = b.page;
const seen = new Set();
let shot = 0;

/* Visits path (or, with path null, the page already open), then checks its
 * status, its accessibility and its console, and saves its screenshot. */
async function check(label, path, status = 200) {
    const name = `${String(++shot).padStart(2, '0')}-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    let ok = await t.step(path === null ? `${label}: shown` : `${label}: GET ${path} answers ${status}`, async () => {
        takeProblems(b);
        if (path !== null)
            await visit(page, path, status);
    });
    seen.add(new URL(page.url()).pathname);
    await page.waitForLoadState('load');
    await screenshot(page, name).catch((e) => t.fail(`${label}: screenshot`, e.message));
    if (!ok)
        return false;
    ok = await t.step(`${label}: WCAG 2.2 AA (axe-core)`, () => assertAccessible(page));
    await t.step(`${label}: no script errors or blocked requests`, async () => {
        const p = takeProblems(b);
        if (p.length)
            throw new Error(p.join('\n      '));
    });
    return ok;
}

/* The href of the first link in main content whose path starts with
 * prefix (and is longer than it), or null. */
async function firstLink(prefix) {
    const hrefs = await page.locator('main a[href]').evaluateAll(
        (as) => as.map((a) => a.getAttribute('href')));
    return hrefs.find((h) => h.startsWith(prefix) && h.length > prefix.length && !h.includes('?')) ?? null;
}

/* The path of the first link whose href or text matches re, in main
 * content, or null. */
async function linkTo(re) {
    const links = await page.locator('main a[href]').evaluateAll(
        (as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
    const l = links.find((x) => re.test(x.href) || re.test(x.text));
    return l ? l.href : null;
}

/* Follows a link found on the page just checked, or fails saying what was
 * missing. */
async function follow(label, find, what) {
    const href = await find();
    if (!href) {
        t.fail(label, `no link to ${what} on ${pathOf(page)} ("${await heading(page)}")`);
        return;
    }
    await check(label, href);
}

/* The links of the service navigation. */
async function navLinks() {
    return page.locator('.govuk-service-navigation a[href]').evaluateAll(
        (as) => as.map((a) => a.getAttribute('href')));
}

/* A page downloaded rather than shown (href answers as a file): fetched
 * with the session, then shown as a browser shows a saved file, with no
 * policy of the server's, and checked like the others. */
async function standalone(label, href) {
    if (!href) {
        t.fail(label, `no link to it on ${pathOf(page)}`);
        return;
    }
    let body = null;
    const ok = await t.step(`${label}: GET ${href} answers 200 with HTML`, async () => {
        const r = await page.request.get(BASE + href);
        if (r.status() !== 200 || !/^text\/html/.test(r.headers()['content-type'] || ''))
            throw new Error(`answered ${r.status()} ${r.headers()['content-type']}`);
        body = await r.body();
    });
    if (!ok)
        return;
    const local = `${BASE}/__saved${new URL(href, BASE).pathname}`;
    await page.route(local, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    await check(label, local.slice(BASE.length));
    await page.unroute(local);
}

/* ---- a visitor ---- */
await check('Sign in', '/login');
await t.step('Sign in with nothing typed: the form comes back with its errors', async () => {
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('.govuk-error-summary').waitFor();
});
await check('Sign in with errors', null);
await check('Page not found, signed out', '/no/such/page', 404);

/* ---- an administrator, who sees every page ---- */
const signedIn = await t.step('sign in as the administrator', () => signIn(page, USERS.admin));
if (signedIn) {
    await check('Dashboard', '/');
    const nav = await navLinks();
    await check('Actions', '/actions');
    await check('Add an action', '/actions/new');
    await check('Action PEEL22-AFI-8', '/actions/PEEL22-AFI-8');
    await check('Action ACT23-R1', '/actions/ACT23-R1');
    await t.step('Propose closure with nothing typed: the form comes back with its errors', async () => {
        await page.locator('summary', { hasText: 'Propose closure' }).click();
        await page.locator('#green-note').waitFor();
        const [resp] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'POST'),
            page.getByRole('button', { name: 'Propose closure' }).click(),
        ]);
        await page.waitForLoadState();
        if (resp.status() !== 400)
            throw new Error(`an empty proposal answered ${resp.status()}, not 400`);
        await page.locator('.govuk-error-summary').waitFor();
    });
    await check('Propose closure with errors', null);
    await check('Edit PEEL22-AFI-8', '/actions/PEEL22-AFI-8/edit');
    await check('Action 7-2023-P', '/actions/7%2F2023%2FP');
    if (await check('Sources', '/sources')) {
        await follow('A source', () => firstLink('/sources/'), 'a source');
        await follow('Change a source', () => linkTo(/^\/sources\/.+\/edit$/), 'the source\'s edit form');
    }
    await check('Add a source', '/sources/new');
    await check('Import', '/import');
    if (await check('Measures', '/measures'))
        await follow('A measure', () => firstLink('/measures/'), 'a measure');
    if (await check('Papers', '/papers')) {
        await follow('Committee paper', () => linkTo(/committee/i), 'the committee paper');
        const html = await linkTo(/^Web page \(\.html\)$/);
        /* The other papers and the reporting points, in the papers' own menu. */
        const sub = await page.locator('.moj-sub-navigation a[href]').evaluateAll(
            (as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
        for (const l of sub)
            if (!seen.has(new URL(l.href, BASE).pathname))
                await check(`Paper: ${l.text}`, l.href);
        await standalone('Committee paper as a web page of its own', html);
    }
    await check('Audit log', '/audit');
    await check('Users', '/users');
    await check('Add a user', '/users/new');
    await check('Set a new password', `/users/${USERS.viewer.name}/password`);
    await check('Page not found, signed in', '/actions/NO-SUCH-REF', 404);
    /* Anything else the navigation leads to. */
    for (const href of nav)
        if (!seen.has(new URL(href, BASE).pathname))
            await check(`Navigation: ${href}`, href);
    await t.step('the administrator signs out', () => signOut(page));
}

/* ---- every other role: the pages their navigation offers them open ---- */
for (const who of [USERS.owner, USERS.board, USERS.viewer]) {
    if (!await t.step(`sign in as ${who.name}`, () => signIn(page, who)))
        continue;
    await check(`Dashboard (${who.name})`, '/');
    for (const href of await navLinks())
        if (href !== '/')
            await t.step(`${who.name}'s navigation: ${href} opens`, async () => {
                await visit(page, href);
                await assertAccessible(page);
            });
    await t.step(`${who.name} signs out`, () => signOut(page));
}
takeProblems(b);

await t.step('the browser asked for nothing but the server under test', async () => {
    if (b.offsite.length)
        throw new Error(`requests refused: ${b.offsite.join(', ')}`);
});
await b.close();
t.finish('accessibility');
