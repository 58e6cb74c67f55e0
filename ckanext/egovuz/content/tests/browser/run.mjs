// Browser checks of the portal, run by test_browser.py against a live test site:
// axe-core on the main pages in normal and low-vision mode, and user journeys.
// Usage: node run.mjs BASE_URL CONFIG_JSON   -> prints one JSON report on stdout.
import fs from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [base, cfgJson] = process.argv.slice(2);
const cfg = JSON.parse(cfgJson);
const CHROMIUM = process.env.EGOVUZ_CHROMIUM || "/usr/bin/chromium";
const LOW_VISION = { size: 2, contrast: true, grayscale: true, noimages: true };
const report = { axe: [], journeys: [], csp: [] };

// Content-Security-Policy violations (blocked inline script, handler, eval, foreign
// source) on any page of any context: Chromium logs each as a console error.
function watchCsp(page) {
  page.on("console", (msg) => {
    const text = msg.text();
    if (/Content Security Policy|securitypolicyviolation/i.test(text)) {
      report.csp.push({ url: page.url(), text: text.slice(0, 500) });
    }
  });
}
function watchContext(context) {
  context.on("page", watchCsp);
  return context;
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
});

const PHONE = { width: 390, height: 844 };

async function newPage(lowVision, phone) {
  const context = watchContext(await browser.newContext({
    viewport: phone ? PHONE : { width: 1280, height: 900 }, locale: "uz-UZ",
    hasTouch: !!phone, isMobile: !!phone,
  }));
  if (lowVision) {
    await context.addInitScript((s) => window.localStorage.setItem("egovuz-a11y", JSON.stringify(s)), LOW_VISION);
  }
  context.setDefaultTimeout(20000);
  return { context, page: await context.newPage() };
}

async function axeCheck(page, path, mode, opened) {
  const res = await page.goto(base + path, { waitUntil: "load" });
  if (opened) await opened(page);  // e.g. wait for a dialog to open before checking
  await page.evaluate(AXE);  // over the DevTools protocol: not an inline script the CSP refuses
  const out = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + (n.failureSummary || "").split("\n").slice(0, 2).join(" ")),
    }));
  });
  const htmlClass = await page.evaluate(() => document.documentElement.className);
  report.axe.push({ path, mode, status: res.status(), htmlClass, violations: out });
}

async function journey(name, fn) {
  const started = Date.now();
  const { context, page } = await newPage(false);
  try {
    await fn(page);
    report.journeys.push({ name, ok: true, ms: Date.now() - started });
  } catch (e) {
    report.journeys.push({ name, ok: false, error: String(e && e.stack || e).slice(0, 1500), url: page.url() });
  } finally {
    await context.close();
  }
}

function expect(cond, msg) { if (!cond) throw new Error(msg); }

async function login(page, user) {
  await page.goto(base + "/user/login");
  await page.fill("#field-login", user.name);
  await page.fill("#field-password", user.password);
  await Promise.all([page.waitForNavigation(), page.press("#field-password", "Enter")]);
  expect(await page.locator(".account.authed").count() > 0, `login of ${user.name} failed at ${page.url()}`);
}

// the survey dialog opens 3 s into a visitor's first page; journeys about other things skip it
async function noSurvey(page) {
  await page.context().addInitScript(() => window.localStorage.setItem("egovuz-survey", "dismissed"));
}

const t0 = Date.now();
for (const lowVision of [false, true]) {
  const { context, page } = await newPage(lowVision);
  for (const path of cfg.pages) {
    await axeCheck(page, path, lowVision ? "low-vision" : "normal");
  }
  await context.close();
}
// at a phone's width, every page a visitor or publisher reaches (cfg.phone_pages)
{
  const { context, page } = await newPage(false, true);
  await noSurvey(page);
  for (const path of cfg.phone_pages || []) {
    await axeCheck(page, path, "phone");
  }
  await context.close();
}
// at a phone's width: the survey dialog once open, and the dataset and resource forms as
// an organization's editor
{
  const { context, page } = await newPage(false, true);
  await axeCheck(page, "/", "phone, survey open", async (p) => {
    await p.locator("#egovuz-survey-dialog").waitFor({ state: "visible", timeout: 10000 });
  });
  await context.close();
}
if (cfg.editor) {
  const { context, page } = await newPage(false, true);
  await noSurvey(page);
  await login(page, cfg.editor);
  for (const path of cfg.editor_pages || []) {
    await axeCheck(page, path, "phone, editor");
  }
  await context.close();
}
report.axe_ms = Date.now() - t0;

async function phoneJourney(name, fn) {
  const started = Date.now();
  const { context, page } = await newPage(false, true);
  try {
    await noSurvey(page);
    await fn(page);
    report.journeys.push({ name, ok: true, ms: Date.now() - started });
  } catch (e) {
    report.journeys.push({ name, ok: false, error: String(e && e.stack || e).slice(0, 1500), url: page.url() });
  } finally {
    await context.close();
  }
}

await phoneJourney("phone: the dataset before the sidebar, the table's first column stays", async (page) => {
  for (const tab of ["", "/structure", "/table", "/api", "/versions"]) {
    await page.goto(base + `/dataset/${cfg.table.name}` + tab);
    const main = await page.locator(".wrapper > .primary").boundingBox();
    const side = await page.locator(".wrapper > .secondary").boundingBox();
    expect(main && side && main.y < side.y, `${tab || "passport"}: the sidebar comes first (${main && main.y} vs ${side && side.y})`);
    expect(main.y < 900, `${tab || "passport"}: the dataset begins ${main.y}px down`);
  }
  await page.goto(base + `/dataset/${cfg.table.name}/table`);
  const first = page.locator(".egovuz-table__data tbody td").first();
  expect(await first.evaluate((el) => getComputedStyle(el).position) === "sticky", "first column not sticky");
  const x0 = (await first.boundingBox()).x;
  await page.locator(".table-responsive").first().evaluate((el) => { el.scrollLeft = 400; });
  expect(Math.abs((await first.boundingBox()).x - x0) < 2, "first column scrolled away");
  // the language switcher and the low-vision panel by touch
  await page.locator('a[data-lang="ru"]').tap();
  await page.waitForURL(/\/ru\//);
  await page.locator("#egovuz-a11y-toggle").tap();
  expect(await page.isVisible("#egovuz-a11y-panel"), "the low-vision panel did not open by touch");
});

await journey("advanced search -> dataset", async (page) => {
  await page.goto(base + "/");
  await page.locator("details.egovuz-search__advanced > summary").first().click();
  await page.fill("#egovuz-code", String(cfg.dataset.code));
  await page.click(".egovuz-hero .egovuz-search__main button[type=submit]");
  await page.waitForURL(/\/dataset\/?\?/);
  const link = page.locator(`a[href$="/dataset/${cfg.dataset.name}"]`).first();
  await link.click();
  await page.waitForURL(new RegExp(`/dataset/${cfg.dataset.name}$`));
  const h1 = await page.locator("h1").first().innerText();
  expect(h1.includes(cfg.dataset.title), `dataset page heading is "${h1}"`);
});

await journey("switch to Russian and back", async (page) => {
  await page.goto(base + "/dataset/");
  await page.click('a[data-lang="ru"]');
  await page.waitForURL(/\/ru\/dataset/);
  expect((await page.getAttribute("html", "lang")) === "ru", "html lang is not ru");
  expect(await page.locator("text=Расширенный поиск").count() > 0, "no Russian text");
  await page.click('a[data-lang="uz_Cyrl"]');
  await page.waitForURL(/\/uz_Cyrl\/dataset/);
  expect(await page.locator("text=Кенгайтирилган қидирув").count() > 0, "no Uzbek Cyrillic text");
  await page.click('a[data-lang="uz"]');
  await page.waitForURL((u) => !/\/(ru|en|uz_Cyrl)\//.test(new URL(u).pathname));
  expect(await page.locator("text=Kengaytirilgan qidiruv").count() > 0, "no Uzbek text after switching back");
});

await journey("low-vision mode by keyboard", async (page) => {
  await page.goto(base + "/");
  await page.focus("#egovuz-a11y-toggle");
  await page.keyboard.press("Enter");
  expect(await page.isVisible("#egovuz-a11y-panel"), "panel did not open with Enter");
  await page.keyboard.press("Tab");   // A
  await page.keyboard.press("Tab");   // A+
  await page.keyboard.press("Space");
  expect(await page.evaluate(() => document.documentElement.classList.contains("egovuz-a11y-size-1")), "A+ did not enlarge the text");
  await page.keyboard.press("Tab");   // A++
  await page.keyboard.press("Tab");   // High contrast
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.documentElement.classList.contains("egovuz-a11y-contrast")), "contrast not applied");
  const pressed = await page.getAttribute('[data-a11y-toggle="contrast"]', "aria-pressed");
  expect(pressed === "true", "aria-pressed not updated");
  await page.keyboard.press("Escape");
  expect(!(await page.isVisible("#egovuz-a11y-panel")), "Escape did not close the panel");
  expect(await page.evaluate(() => document.activeElement.id) === "egovuz-a11y-toggle", "focus not returned to the toggle");
  await page.goto(base + "/news");
  const cls = await page.evaluate(() => document.documentElement.className);
  expect(cls.includes("egovuz-a11y-size-1") && cls.includes("egovuz-a11y-contrast"), `not remembered across pages: "${cls}"`);
  await page.click("#egovuz-a11y-toggle");
  await page.click("[data-a11y-reset]");
  expect(!(await page.evaluate(() => document.documentElement.className)).includes("egovuz-a11y"), "reset failed");
});

await journey("operator creates a news item, a legal act and a term", async (page) => {
  await page.goto(base + "/user/login");
  await page.fill("#field-login", cfg.sysadmin.name);
  await page.fill("#field-password", cfg.sysadmin.password);
  await Promise.all([page.waitForNavigation(), page.press("#field-password", "Enter")]);
  expect(await page.locator(".account.authed").count() > 0, `login failed at ${page.url()}`);
  await page.goto(base + "/news/new");
  await page.fill("#field-title", cfg.news.title);
  await page.fill("#field-title-ru", cfg.news.title_ru);
  await page.fill("#field-body", "Portalda **yangi** imkoniyatlar paydo bo'ldi.");
  await Promise.all([page.waitForNavigation(), page.click("button[name=save]")]);
  expect(/\/news\/[a-z0-9-]+$/.test(page.url()), `not on the news page: ${page.url()}`);
  expect((await page.locator("h1").first().innerText()).includes(cfg.news.title), "news heading missing");
  await page.goto(base + "/");
  expect(await page.locator(`text=${cfg.news.title}`).count() > 0, "news not on the home page");
  await page.goto(base + "/ru/news");
  expect(await page.locator(`text=${cfg.news.title_ru}`).count() > 0, "news not in Russian");
  await page.goto(base + "/uz_Cyrl/news");
  expect(await page.locator(`text=${cfg.news.title_cyrl}`).count() > 0, "news not in Uzbek Cyrillic");
  // a legal act and a glossary term, through the same forms
  await page.goto(base + "/legislation/new");
  await page.fill("#field-title", cfg.law.title);
  await page.fill("#field-number", cfg.law.number);
  await page.fill("#field-published", "2024-03-01");
  await page.fill("#field-url", "https://lex.uz/");
  await Promise.all([page.waitForNavigation(), page.click("button[name=save]")]);
  expect(/\/legislation/.test(page.url()), `not back on the legislation list: ${page.url()}`);
  expect(await page.locator(`text=${cfg.law.number}`).count() > 0, "legal act not listed");
  await page.goto(base + "/glossary/new");
  await page.fill("#field-title", cfg.term.title);
  await page.fill("#field-body", cfg.term.body);
  await Promise.all([page.waitForNavigation(), page.click("button[name=save]")]);
  await page.goto(base + "/ru/glossary");
  expect(await page.locator(`text=${cfg.term.title}`).count() > 0, "term not in the Russian glossary (Uzbek fallback)");
});

await journey("Table tab -> XLSX download", async (page) => {
  await noSurvey(page);
  await page.goto(base + `/dataset/${cfg.table.name}/table`);
  const rows = page.locator(".egovuz-table__data tbody tr");
  expect(await rows.count() === cfg.table.records.length, `table shows ${await rows.count()} rows`);
  const text = await page.locator(".egovuz-table__data tbody").innerText();
  for (const r of cfg.table.records) expect(text.includes(r), `row "${r}" not shown`);
  const link = page.locator(".egovuz-downloads a", { hasText: "XLSX" });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const file = await download.path();
  const head = fs.readFileSync(file).subarray(0, 2).toString("latin1");
  expect(head === "PK", `the XLSX file starts with "${head}", not "PK"`);
  expect(/\.xlsx$/.test(download.suggestedFilename()), `file name "${download.suggestedFilename()}"`);
});

await journey("Web service: Get token and Send", async (page) => {
  await noSurvey(page);
  await login(page, cfg.user);
  await page.goto(base + `/dataset/${cfg.table.name}/api`);
  await Promise.all([page.waitForNavigation(), page.click(".egovuz-api form button[type=submit]")]);
  const token = (await page.locator("#egovuz-token").innerText()).trim();
  expect(token.length > 20, `no token shown: "${token}"`);
  expect((await page.inputValue("#api-token")) === token, "token not put into the request form");
  await page.click(".egovuz-api__send");
  const out = page.locator(".egovuz-api__response");
  await page.waitForFunction(() => /^HTTP \d+/.test(document.querySelector(".egovuz-api__response").textContent));
  const body = await out.innerText();
  expect(body.startsWith("HTTP 200"), `answer: ${body.slice(0, 300)}`);
  for (const r of cfg.table.records) expect(body.includes(r), `record "${r}" not in the answer`);
});

await journey("Table preview: CKAN's DataTables view in its iframe, under the CSP", async (page) => {
  await noSurvey(page);
  await page.goto(base + cfg.table.resource_page);
  const frame = page.frameLocator("iframe").first();
  await frame.locator("#dtprv tbody tr td").first().waitFor({ state: "visible", timeout: 30000 });
  const body = await frame.locator("#dtprv tbody").innerText();
  for (const r of cfg.table.records) expect(body.includes(r), `record "${r}" not in the preview`);
  await frame.locator("#refit-button").click();  // the Refit button (csp.js binds it)
});

await journey("Proposal and vote", async (page) => {
  await noSurvey(page);
  await login(page, cfg.user);
  await page.goto(base + "/proposals/new");
  await page.fill("#field-title", cfg.proposal.title);
  await page.fill("#field-description", cfg.proposal.description);
  await page.selectOption("#field-sphere", cfg.proposal.sphere);
  await Promise.all([page.waitForNavigation(), page.click("#proposal-form button[type=submit]")]);
  expect(/\/proposals\/[^/]+$/.test(page.url()) && !page.url().endsWith("/new"), `not on the proposal page: ${page.url()}`);
  const url = page.url();
  expect((await page.locator("h1").first().innerText()).includes(cfg.proposal.title), "proposal heading missing");
  // the operator moves it to review, then to voting
  const op = watchContext(await browser.newContext({ viewport: { width: 1280, height: 900 } }));
  try {
    const opPage = await op.newPage();
    await noSurvey(opPage);
    await login(opPage, cfg.sysadmin);
    for (const state of ["in_review", "voting"]) {
      await opPage.goto(url);
      await opPage.selectOption("#field-state", state);
      await Promise.all([opPage.waitForNavigation(), opPage.click(".egovuz-transition button[type=submit]")]);
      expect(await opPage.locator(".egovuz-transition .error-block, .error-explanation").count() === 0, `moving to ${state} failed`);
    }
  } finally {
    await op.close();
  }
  await page.goto(url);
  const before = Number((await page.locator(".egovuz-proposal__votes").innerText()).trim());
  await Promise.all([page.waitForNavigation(), page.click(".egovuz-vote button[type=submit]")]);
  const after = Number((await page.locator(".egovuz-proposal__votes").innerText()).trim());
  expect(after === before + 1, `votes went from ${before} to ${after}`);
  expect(await page.locator(".egovuz-vote input[name=unvote]").count() === 1, "no withdraw button after voting");
});

await journey("Survey", async (page) => {
  await page.goto(base + "/");
  const dialog = page.locator("#egovuz-survey-dialog");
  await dialog.waitFor({ state: "visible", timeout: 10000 });
  await page.check("#dlg-found_site-search_engine");
  await page.check("#dlg-found_info-yes");
  await page.check("#dlg-purpose-research");
  await Promise.all([page.waitForNavigation(), dialog.locator("button[type=submit]").click()]);
  expect(await page.locator("text=Thank you for answering the survey").count() > 0, `no thank-you at ${page.url()}`);
  await page.reload();
  // answered: the server no longer sends the dialog (cookie), and the browser remembers it too
  expect(await page.locator("#egovuz-survey-dialog").count() === 0, "the survey dialog is offered again after answering");
  expect(await page.evaluate(() => window.localStorage.getItem("egovuz-survey")) === "answered", "the answer is not remembered");
});

await browser.close();
report.total_ms = Date.now() - t0;
process.stdout.write(JSON.stringify(report));
