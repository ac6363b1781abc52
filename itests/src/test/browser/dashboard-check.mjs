// Opens a running Mahavishnu's dashboard in headless Chromium (the system's /usr/bin/chromium, driven by
// playwright-core; no browser is downloaded), then acts as a user would from an MCP client: spawn a pool, route
// tasks, and watch the page follow live; switch the routing strategy with the page's control; read /metrics.
// Usage: node dashboard-check.mjs <base url> <screenshot.png> <user data dir>
import { chromium } from "playwright-core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const base = process.argv[2] ?? "http://127.0.0.1:8680";
const screenshot = process.argv[3] ?? "dashboard.png";
const userDataDir = process.argv[4] ?? "chromium-profile";
const STEP_MS = 30_000;
let passed = 0;
let failed = 0;

function check(what, condition, detail) {
  if (condition) {
    passed++;
    console.log(`ok   ${what}`);
  } else {
    failed++;
    console.log(`FAIL ${what}: ${JSON.stringify(detail)}`);
  }
}

/** Runs a waiting step; a timeout is a failed check, not a crash, so the screenshot is still taken. */
async function step(what, fn) {
  try {
    const started = Date.now();
    await fn();
    check(`${what} (${Date.now() - started} ms)`, true);
  } catch (e) {
    check(what, false, String(e.message ?? e).split("\n")[0]);
  }
}

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
});
const client = new Client({ name: "mahavishnu-dashboard-check", version: "1.0.0" });
const problems = [];
let page;
try {
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(STEP_MS);
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // Failed requests are judged by URL below; other console errors (e.g. a CSP violation) are problems.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) { problems.push(`console: ${m.text()}`); }
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !(r.url().endsWith("/dashboard/strategy") && r.status() === 400)) {
      problems.push(`HTTP ${r.status()} for ${r.url()}`);
    }
  });

  const response = await page.goto(`${base}/dashboard`);
  check("the dashboard page loads", response.ok(), response.status());
  check("it is served with a content security policy",
    (response.headers()["content-security-policy"] ?? "").includes("default-src 'none'"), response.headers());
  await step("the page connects to the event stream", () =>
    page.waitForFunction(() => document.getElementById("connection").textContent === "live"));

  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
  const call = async (name, args) => {
    const r = await client.callTool({ name, arguments: args });
    if (r.isError) { throw new Error(`${name}: ${JSON.stringify(r.structuredContent)}`); }
    return r.structuredContent;
  };

  const pool = await call("pool_spawn", { worker_type: "noop", name: "browser-check", min_workers: 1, max_workers: 4 });
  const row = `#pools tbody tr[data-pool-id="${pool.pool_id}"]`;
  await step("a spawned pool appears on the page", () => page.locator(row).waitFor({ state: "visible" }));
  check("its row shows the type, name and status",
    (await page.locator(`${row} td.type`).textContent()) === "mahavishnu"
      && (await page.locator(`${row} td.name`).textContent()) === "browser-check"
      && (await page.locator(`${row} .status`).textContent()) === "running",
    await page.locator(row).textContent().catch(() => null));

  for (let i = 0; i < 3; i++) {
    const r = await call("pool_route_execute", { prompt: `task ${i}`, pool_affinity: pool.pool_id });
    check(`routed task ${i} completed`, r.status === "completed", r);
  }
  await step("the routed tasks are counted on the page", () =>
    page.waitForFunction((sel) => Number(document.querySelector(sel)?.textContent) >= 3, `${row} td.completed`));
  await step("the plot counts them", () =>
    page.waitForFunction(() => Number(document.getElementById("tasks-seen").textContent) >= 3));
  await step("the recent events list shows them", () =>
    page.locator('#events li[data-event="task.completed"]').first().waitFor());

  await call("pool_scale", { pool_id: pool.pool_id, target_workers: 3 });
  await step("a scale shows the new worker count", () =>
    page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "3", `${row} td.workers`));

  await page.selectOption("#strategy-select", "round_robin");
  await page.click("#strategy-apply");
  await step("the strategy switch applies round_robin", () =>
    page.waitForFunction(() => document.getElementById("strategy-message").className === "ok"
      && document.getElementById("default-strategy").textContent === "round_robin"));
  const routed = await call("pool_route_execute", { prompt: "after the switch" });
  check("routes without a strategy now use round_robin", routed.route?.strategy === "round_robin", routed.route);
  const expected = 3 + (routed.pool_id === pool.pool_id ? 1 : 0);

  const bad = await page.evaluate(async (url) => {
    const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ strategy: "fastest" }) });
    return { status: r.status, body: await r.json() };
  }, `${base}/dashboard/strategy`);
  check("an unknown strategy is refused naming the value", bad.status === 400 && bad.body.strategy === "fastest"
    && bad.body.error.includes("fastest"), bad);

  const metrics = await (await fetch(`${base}/metrics`)).text();
  const completed = metrics.match(new RegExp(
    `^mahavishnu_pool_tasks_completed_total\\{pool_id="${pool.pool_id}",pool_type="mahavishnu"\\} (\\S+)$`, "m"));
  check("/metrics reads the same task count", completed && Number(completed[1]) === expected, completed?.[0]);
  check("/metrics shows the new default strategy",
    metrics.includes('mahavishnu_routing_default_strategy{strategy="round_robin"} 1'), null);
  const pageCount = Number(await page.locator(`${row} td.completed`).textContent());
  await step("the page settles on the manager's count", () =>
    page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.textContent) === n,
      [`${row} td.completed`, expected]));
  console.log(`     page count when /metrics was read: ${pageCount}`);

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`     screenshot: ${screenshot}`);

  await call("pool_close", { pool_id: pool.pool_id });
  await step("a closed pool leaves the page", () => page.locator(row).waitFor({ state: "detached" }));
  check("no script error or blocked resource on the page", problems.length === 0, problems);
} catch (e) {
  check("the check ran to its end", false, String(e.stack ?? e));
  if (page) {
    await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  }
} finally {
  await client.close().catch(() => {});
  await context.close();
}
console.log(`dashboard check: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
