/* walkthrough.mjs -- the web application used as its people use it, in
 * Chromium, on the demonstration register:
 *
 *   1. the action owner for Professionalism and Trust signs in (after a
 *      wrong password, refused);
 *   2. filters the actions list down to their directorate's amber actions,
 *      and downloads that list as CSV and as an Excel workbook;
 *   3. records progress on PEEL22-AFI-8;
 *   4. proposes its closure, with a PDF as evidence;
 *   5. a board member signs it off;
 *   6. an administrator who proposed another action's closure is refused
 *      its sign-off, and it stays green;
 *   7. an import of updates with a bad row names the row, as the command
 *      line does, and writes nothing.
 *
 * What the pages say is checked against the register itself (the
 * command line on the same database). Prints "N passed, M failed"; run by
 * tests/e2e/browser.sh. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    USERS, WORK, assertAccessible, heading, launch, mainText, pathOf, screenshot, signIn,
    signOut, tally, visit,
} from './lib.mjs';

const OVERSIGHT = process.env.OVERSIGHT;
const DB = process.env.OVERSIGHT_DB;
if (!OVERSIGHT || !DB) {
    console.log('FAIL: OVERSIGHT and OVERSIGHT_DB are not set (run tests/e2e/browser.sh)');
    console.log('0 passed, 1 failed');
    process.exit(1);
}

/* The register as the command line sees it. */
function ov(...args) {
    return execFileSync(OVERSIGHT, ['--db', DB, ...args], { encoding: 'utf8' });
}

const t = tally();
const b = await launch();
const page = b.page;
let shot = 50;
async function snap(name) {
    await screenshot(page, `${++shot}-${name}`).catch((e) => t.fail(`screenshot ${name}`, e.message));
}

const DIRECTORATE = 'Professionalism and Trust';
const REF = 'PEEL22-AFI-8';
const REF_URL = `/actions/${encodeURIComponent(REF)}`;

/* The success banner's words. */
async function expectBanner(words) {
    const b = await page.locator('.govuk-notification-banner__heading').innerText();
    if (b.trim() !== words)
        throw new Error(`the banner says "${b.trim()}", not "${words}"`);
}

/* The action page's Status row starts with the status's word. */
async function expectStatus(word) {
    const row = page.locator('.govuk-summary-list__row', {
        has: page.locator('dt', { hasText: /^\s*Status\s*$/ }),
    });
    const v = (await row.locator('dd').innerText()).trim();
    if (!v.startsWith(word))
        throw new Error(`the action's status reads "${v}", not ${word}`);
}

/* ---- 1. signing in ---- */
await t.step('a wrong password is refused, with the message on the form', async () => {
    await visit(page, '/login');
    await page.locator('#username').fill(USERS.owner.name);
    await page.locator('#password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('.govuk-error-summary').waitFor();
    const s = await page.locator('.govuk-error-summary').innerText();
    if (!s.includes('The username or password is not right'))
        throw new Error(`error summary says "${s}"`);
    if (pathOf(page) !== '/login')
        throw new Error(`at ${pathOf(page)} after a wrong password`);
});
await t.step('the action owner signs in and the dashboard says who they are', async () => {
    await signIn(page, USERS.owner);
    if (pathOf(page) !== '/')
        throw new Error(`signing in led to ${pathOf(page)}, not the dashboard`);
    const text = await mainText(page);
    const want = 'You are signed in as owen, an action owner, answering for actions owned by ' +
        `Head of Professional Standards and the ${DIRECTORATE} directorate.`;
    if (!text.includes(want))
        throw new Error(`the dashboard says "${text.slice(0, 300)}"`);
    await snap('owner-dashboard');
});

/* ---- 2. the actions list, filtered, and downloaded ---- */
/* The refs and statuses the command line lists for the same filter. */
function cliList(...filter) {
    return ov('list', ...filter, '--format', 'csv').trim().split('\n').slice(1)
        .map((l) => l.split(',').slice(0, 2).join(' '));
}
let filtered = [];
await t.step('the owner filters the actions list to their directorate\'s amber actions', async () => {
    await visit(page, '/actions');
    const all = await page.locator('#results').innerText();
    const form = page.locator('form[action="/actions"]');
    await form.getByLabel('Amber', { exact: true }).check();
    await form.getByLabel('Directorate', { exact: true }).selectOption(DIRECTORATE);
    await Promise.all([
        page.waitForURL((u) => u.pathname === '/actions' && u.search.includes('status=amber')),
        form.getByRole('button', { name: 'Apply filters' }).click(),
    ]);
    const u = new URL(page.url());
    if (u.searchParams.getAll('status').join() !== 'amber' || u.searchParams.get('directorate') !== DIRECTORATE)
        throw new Error(`the filter's address is ${pathOf(page)}`);
    const want = cliList('--status', 'amber', '--directorate', DIRECTORATE);
    if (want.length < 3)
        throw new Error(`the command line lists only ${want.length} such actions`);
    const rows = page.locator('table.govuk-table tbody tr');
    const got = [];
    for (let i = 0; i < await rows.count(); i++) {
        const cells = rows.nth(i).locator('td');
        const ref = (await cells.nth(0).locator('a').innerText()).trim();
        const status = (await cells.nth(4).innerText()).trim().toLowerCase();
        got.push(`${ref} ${status}`);
    }
    if (got.join() !== want.join())
        throw new Error(`the list shows [${got.join(', ')}]; the register has [${want.join(', ')}]`);
    filtered = want;
    const results = await page.locator('#results').innerText();
    if (!results.startsWith(`Showing 1 to ${want.length} of ${want.length} actions`))
        throw new Error(`the count reads "${results}" (unfiltered: "${all}")`);
    const tags = await page.locator('.moj-filter__tag').allInnerTexts();
    for (const w of ['Amber', DIRECTORATE])
        if (!tags.some((x) => x.includes(w)))
            throw new Error(`no selected-filter tag for ${w}: [${tags.join(', ')}]`);
    await snap('owner-filtered-list');
});
await t.step('the filtered list page meets WCAG 2.2 AA', () => assertAccessible(page));

/* Clicks a download link of the page, returns the file's name and bytes. */
async function download(linkText) {
    const [dl] = await Promise.all([
        page.waitForEvent('download').catch(async () => {
            throw new Error(`"${linkText}" started no download: the browser shows ${pathOf(page)} ` +
                `("${await heading(page)}")`);
        }),
        page.getByRole('link', { name: linkText }).click(),
    ]);
    const path = join(WORK, dl.suggestedFilename());
    await dl.saveAs(path);
    if (await dl.failure())
        throw new Error(`the download failed: ${await dl.failure()}`);
    return { name: dl.suggestedFilename(), bytes: readFileSync(path), path };
}
/* Today in London, as the server dates its files: YYYY-MM-DD. */
const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
await t.step('the filtered list downloads as CSV, with the same actions', async () => {
    const f = await download('Download as CSV');
    if (f.name !== `actions-${today}.csv`)
        throw new Error(`the file is called ${f.name}`);
    const lines = f.bytes.toString('utf8').trim().split(/\r?\n/);
    const header = 'ref,status,source,kind,text,owner,directorate,issued,due,overdue,latest_note';
    if (lines[0] !== header)
        throw new Error(`the header is "${lines[0]}"`);
    const got = lines.slice(1).map((l) => l.split(',').slice(0, 2).join(' '));
    if (got.join() !== filtered.join())
        throw new Error(`the CSV has [${got.join(', ')}], the list [${filtered.join(', ')}]`);
});
await t.step('the filtered list downloads as an Excel workbook, with the same actions', async () => {
    const f = await download('Download as Excel');
    if (f.name !== `actions-${today}.xlsx`)
        throw new Error(`the file is called ${f.name}`);
    if (f.bytes.subarray(0, 4).toString('latin1') !== 'PK\x03\x04')
        throw new Error('the file is not a zip archive');
    const parts = execFileSync('unzip', ['-Z1', f.path], { encoding: 'utf8' });
    if (!parts.includes('xl/workbook.xml'))
        throw new Error(`no workbook in the archive: ${parts}`);
    const xml = execFileSync('unzip', ['-p', f.path], { encoding: 'utf8', maxBuffer: 1 << 26 });
    for (const row of filtered) {
        const ref = row.split(' ')[0];
        if (!xml.includes(`>${ref}<`))
            throw new Error(`the workbook does not hold ${ref}`);
    }
    const others = cliList('--directorate', DIRECTORATE, '--status', 'closed');
    for (const row of others)
        if (xml.includes(`>${row.split(' ')[0]}<`))
            throw new Error(`the workbook holds ${row}, which the filter leaves out`);
});

/* ---- 3. an update ---- */
const NOTE = 'Vetting backlog cleared: 40 files reviewed in January.';
await t.step(`the owner records progress on ${REF}`, async () => {
    await visit(page, REF_URL);
    await page.locator('#update-status-2').check(); /* amber */
    await page.locator('#update-note').fill(NOTE);
    await Promise.all([
        page.waitForURL((u) => u.search === '?saved=update'),
        page.getByRole('button', { name: 'Record progress' }).click(),
    ]);
    await expectBanner('Progress recorded');
    const first = await page.locator('.moj-timeline__item').first().innerText();
    for (const want of ['Progress update', 'Amber', NOTE, 'by owen'])
        if (!first.includes(want))
            throw new Error(`the newest history entry lacks "${want}": ${first.replace(/\s+/g, ' ')}`);
    const shown = ov('show', REF);
    if (!shown.includes(NOTE))
        throw new Error(`oversight show ${REF} does not have the note:\n${shown}`);
    await snap('owner-progress-recorded');
});

/* ---- 4. proposing closure, with the evidence attached ---- */
const EVIDENCE = 'vetting-review.pdf';
await t.step(`the owner proposes ${REF} for closure with a PDF as evidence`, async () => {
    await visit(page, REF_URL);
    await page.locator('summary', { hasText: 'Propose closure' }).click();
    await page.locator('#green-note').fill('Vetting review delivered and accepted by the PSD board.');
    await page.locator('#green-file').setInputFiles({
        name: EVIDENCE, mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    });
    await Promise.all([
        page.waitForURL((u) => u.search === '?saved=green'),
        page.getByRole('button', { name: 'Propose closure' }).click(),
    ]);
    await expectBanner('Proposed for closure: the action is green and awaits sign-off');
    await expectStatus('Green');
    const first = await page.locator('.moj-timeline__item').first().innerText();
    for (const want of ['Proposed for closure', 'by owen', EVIDENCE, 'PDF'])
        if (!first.includes(want))
            throw new Error(`the newest history entry lacks "${want}": ${first.replace(/\s+/g, ' ')}`);
    if (await page.getByRole('button', { name: 'Sign off as completed' }).count())
        throw new Error('the owner is offered the sign-off');
    await snap('owner-proposed-closure');
});
await t.step('the action page, with its forms, meets WCAG 2.2 AA (owner)', () => assertAccessible(page));
await t.step('the owner signs out', () => signOut(page));

/* ---- 5. sign-off by a board member ---- */
await t.step(`a board member signs ${REF} off`, async () => {
    await signIn(page, USERS.board);
    await visit(page, REF_URL);
    await page.locator('summary', { hasText: /^\s*Sign off\s*$/ }).click();
    const text = await mainText(page);
    if (!/Set green by owen on \d+ \w+ \d{4}\./.test(text))
        throw new Error('the sign-off form does not say who set the action green');
    await page.locator('#signoff-note').fill('Evidence reviewed at the improvement board.');
    await snap('board-sign-off-form');
    await Promise.all([
        page.waitForURL((u) => u.search === '?saved=signoff'),
        page.getByRole('button', { name: 'Sign off as completed' }).click(),
    ]);
    await expectBanner('Signed off as completed');
    await expectStatus('Closed');
    const first = await page.locator('.moj-timeline__item').first().innerText();
    for (const want of ['Signed off as completed', 'by bea'])
        if (!first.includes(want))
            throw new Error(`the newest history entry lacks "${want}": ${first.replace(/\s+/g, ' ')}`);
    const listed = ov('list', '--directorate', DIRECTORATE, '--format', 'csv');
    if (!listed.split('\n').some((l) => l.startsWith(`${REF},closed,`)))
        throw new Error(`oversight list does not show ${REF} closed:\n${listed}`);
    await snap('board-signed-off');
});
await t.step('the board member signs out', () => signOut(page));

/* ---- 6. sign-off refused to the person who proposed the closure ---- */
const REF2 = 'VC23-A1';
const REF2_URL = `/actions/${encodeURIComponent(REF2)}`;
await t.step(`an administrator proposes ${REF2} for closure, then cannot sign it off`, async () => {
    await signIn(page, USERS.admin);
    await visit(page, REF2_URL);
    await page.locator('summary', { hasText: 'Propose closure' }).click();
    await page.locator('#green-note').fill('Vetting compliance report accepted.');
    await page.locator('#green-link').fill('https://intranet.example/vetting/compliance-2024');
    await Promise.all([
        page.waitForURL((u) => u.search === '?saved=green'),
        page.getByRole('button', { name: 'Propose closure' }).click(),
    ]);
    await expectStatus('Green');
    await page.locator('summary', { hasText: /^\s*Sign off\s*$/ }).click();
    const inset = await page.locator('.govuk-inset-text').innerText();
    if (!inset.includes('You set this action green, so someone else must sign it off.'))
        throw new Error(`the sign-off form says "${inset}"`);
    const [resp] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Sign off as completed' }).click(),
    ]);
    await page.waitForLoadState();
    if (resp.status() !== 403)
        throw new Error(`the refused sign-off answered ${resp.status()}, not 403`);
    const summary = (await page.locator('.govuk-error-summary').innerText()).replace(/\s+/g, ' ');
    const want = `${REF2} was set green by admin: sign-off must be by someone else`;
    if (!summary.includes(want))
        throw new Error(`the error summary says "${summary}", not "${want}"`);
    if (!(await page.title()).startsWith('Error: '))
        throw new Error(`the refused page's title "${await page.title()}" does not start "Error: "`);
    await expectStatus('Green');
    const listed = ov('list', '--format', 'csv');
    if (!listed.split('\n').some((l) => l.startsWith(`${REF2},green,`)))
        throw new Error(`oversight list does not show ${REF2} still green`);
    await snap('admin-sign-off-refused');
});
await t.step('the refused sign-off page meets WCAG 2.2 AA', () => assertAccessible(page));

/* ---- 7. an import with a bad row: the row named, nothing written ---- */
const BAD_NAME = 'updates-january.csv';
const GOOD_NOTE = 'Vetting backlog down to 12 cases.';
const BAD_CSV = 'ref,date,status,note,by,reason\n' +
    `VET22-R5,2024-02-01,amber,${GOOD_NOTE},Head of Professional Standards,\n` +
    'VET22-R5,2024-02-30,purple,Not a real row.,Head of Professional Standards,\n';
await t.step('an import with a bad row names the row as the command line does, and writes nothing', async () => {
    const before = ov('export', 'updates');
    const badPath = join(WORK, BAD_NAME);
    writeFileSync(badPath, BAD_CSV);
    /* What the command line says of the same file (it writes nothing either). */
    let cli = '';
    try {
        execFileSync(OVERSIGHT, ['--db', DB, 'import', 'updates', BAD_NAME],
            { cwd: WORK, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
        cli = e.stderr;
    }
    const cliRows = cli.split('\n').filter((l) => l.startsWith(`${BAD_NAME}:`));
    if (cliRows.length !== 2)
        throw new Error(`the command line named ${cliRows.length} problems, not 2:\n${cli}`);

    await visit(page, '/import');
    await page.getByLabel('Updates: status changes and progress notes').check();
    await page.locator('#file').setInputFiles(badPath);
    const [resp] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Check the file' }).click(),
    ]);
    await page.waitForLoadState();
    if (resp.status() !== 400)
        throw new Error(`the check of a file with a bad row answered ${resp.status()}, not 400`);
    const summary = (await page.locator('.govuk-error-summary').innerText()).replace(/\s+/g, ' ');
    const want = `${BAD_NAME} has 2 problems, listed below. Nothing was imported.`;
    if (!summary.includes(want))
        throw new Error(`the error summary says "${summary}", not "${want}"`);
    const rows = await page.locator('.app-problems li').allInnerTexts();
    if (JSON.stringify(rows) !== JSON.stringify(cliRows))
        throw new Error(`the page lists\n        ${rows.join('\n        ')}\n      the command line\n        ${cliRows.join('\n        ')}`);
    await snap('import-bad-row');
    await assertAccessible(page);

    const after = ov('export', 'updates');
    if (after !== before)
        throw new Error('the register\'s updates changed');
    await visit(page, '/actions/VET22-R5');
    if ((await mainText(page)).includes(GOOD_NOTE))
        throw new Error('the good row of the refused file is in VET22-R5\'s history');
});

/* ---- the end ---- */
await t.step('the browser asked for nothing but the server under test', async () => {
    if (b.offsite.length)
        throw new Error(`requests refused: ${b.offsite.join(', ')}`);
});
await b.close();
t.finish('walk-through');
