// Drives Mahavishnu with the official TypeScript MCP SDK, as a new user's MCP client would: list the tools, spawn a
// pool of in-JVM noop workers, execute, route with affinity, scale, close, and check that a bad input comes back as
// an error result. Usage:
//   node mcp-client-check.mjs <url>                       a running runtime's Streamable HTTP endpoint
//   node mcp-client-check.mjs --stdio <command> [args]    a runtime the client starts, as a desktop MCP host does
//                                                         (e.g. --stdio .../bin/mahavishnu mcp-stdio)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const stdio = process.argv[2] === "--stdio";
const url = stdio ? null : process.argv[2] ?? "http://127.0.0.1:8680/mcp";
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

const client = new Client({ name: "mahavishnu-node-check", version: "1.0.0" });
let stderr = "";
if (stdio) {
  const transport = new StdioClientTransport({ command: process.argv[3], args: process.argv.slice(4),
    stderr: "pipe" });
  transport.stderr?.on("data", (d) => { stderr += d; });
  await client.connect(transport);
} else {
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
}
try {
  const call = async (name, args) => {
    const started = process.hrtime.bigint();
    const r = await client.callTool({ name, arguments: args });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`     ${name} took ${ms.toFixed(1)} ms`);
    return r;
  };

  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name).sort();
  check("lists the ten pool tools", names.length === 10 && names.includes("pool_route_execute"), names);
  check("every tool has an object input schema", tools.every((t) => t.inputSchema?.type === "object"), tools);

  const spawned = await call("pool_spawn", { pool_type: "mahavishnu", worker_type: "noop", name: "node-check",
    min_workers: 1, max_workers: 3 });
  const pool = spawned.structuredContent;
  check("pool_spawn creates a pool", !spawned.isError && pool?.status === "created" && pool.pool_id, spawned);
  const id = pool.pool_id;

  const executed = await call("pool_execute", { pool_id: id, prompt: "hello from node" });
  check("pool_execute runs the prompt", executed.structuredContent?.status === "completed"
    && executed.structuredContent.output === "hello from node", executed);
  check("results also come as JSON text", JSON.parse(executed.content[0].text).pool_id === id, executed.content);

  const routed = await call("pool_route_execute", { prompt: "sticky", pool_affinity: id });
  check("pool_route_execute with affinity runs on that pool and says why", routed.structuredContent?.pool_id === id
    && routed.structuredContent.route?.strategy === "affinity", routed);

  const scaled = await call("pool_scale", { pool_id: id, target_workers: 2 });
  check("pool_scale scales", scaled.structuredContent?.status === "scaled"
    && scaled.structuredContent.actual_workers === 2, scaled);

  const bad = await call("pool_execute", { pool_id: id, prompt: "x", priority: 42 });
  check("a bad input is an error result naming the value", bad.isError === true
    && bad.structuredContent?.status === "failed" && /priority/.test(bad.structuredContent.error), bad);

  const closed = await call("pool_close", { pool_id: id });
  check("pool_close closes", closed.structuredContent?.status === "closed", closed);
  const again = await call("pool_close", { pool_id: id });
  check("closing an unknown pool fails", again.isError === true && /Pool not found/.test(again.structuredContent?.error),
    again);
} finally {
  await client.close();
}
if (stdio) {
  // everything the runtime prints goes to its log, never to the host's streams
  check("the server process writes nothing to stderr", stderr === "", stderr);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
