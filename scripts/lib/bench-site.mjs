// What the browser benches share: a built site served by `astro preview` (or E2E_URL), and the renderer main
// thread's tasks read from a Chrome trace. Used by scripts/bench.mjs, bench-training.mjs, bench-landscape-browser.mjs and
// bench-transfer-browser.mjs.
//   BENCH_SKIP_BUILD=1 reuses a build (OUT_DIR); BENCH_PORT picks the port; BASE_PATH a sub-path.
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** The site's root URL, building and serving it first unless E2E_URL names a running one; `stop` ends the server. */
export async function serveSite(defaultPort) {
  if (process.env.E2E_URL) return { root: process.env.E2E_URL, stop: () => {} };
  const port = Number(process.env.BENCH_PORT ?? defaultPort);
  const base = process.env.BASE_PATH || '/';
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const b = spawnSync('npx', ['astro', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  const server = spawn('npx', ['astro', 'preview', '--port', String(port), '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  process.on('exit', stop);
  const root = `http://127.0.0.1:${port}${base}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(root)).ok) break;
    } catch {
      await sleep(500);
    }
  }
  return { root, stop };
}

/**
 * The renderer main thread's tasks in a Chrome trace: the longest by wall time (with its CPU time), the most CPU.
 * Tasks that carry a DevTools message (the bench's own evaluate, polling and tracing calls: starting a trace costs the
 * page one task of about 80 ms) are the bench's work, not the page's: counted apart, not in the figures. Where the
 * trace also has Chrome's 'devtools.timeline' category (BENCH_TRACE_DETAIL=1), `insideMostCpuTask` names what the
 * costliest task spent its time on (Paint, Layerize, FunctionCall…), the first thing to read when a task is too long.
 */
export function mainThreadCpu(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  // Chrome names its top-level task 'ThreadControllerImpl::RunTask' (older versions: 'RunTask').
  const top = onMain.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask';
  const all = onMain.filter((e) => e.name === top);
  const within = (task) => (e) => e !== task && e.tid === task.tid && e.ts >= task.ts && e.ts < task.ts + task.dur;
  const devtools = onMain.filter((e) => e.name === 'Receive mojo message' && e.args?.chrome_mojo_event_info?.mojo_interface_tag === 'blink.mojom.DevToolsSession');
  const isBench = (task) => devtools.some(within(task));
  const bench = all.filter(isBench);
  const tasks = all.filter((t) => !bench.includes(t));
  const byWall = tasks.reduce((a, b) => (b.dur > (a?.dur ?? -1) ? b : a), null);
  const byCpu = tasks.reduce((a, b) => ((b.tdur ?? 0) > (a?.tdur ?? -1) ? b : a), null);
  const ms = (us) => Math.round((us ?? 0) / 100) / 10;
  const inside = {};
  if (byCpu) for (const e of onMain.filter(within(byCpu))) if (e.cat?.includes('devtools.timeline')) inside[e.name] = ms((inside[e.name] ?? 0) * 1000 + (e.tdur ?? e.dur ?? 0));
  return {
    tasks: tasks.length,
    longestTaskWallMs: ms(byWall?.dur),
    longestTaskCpuMs: ms(byWall?.tdur),
    mostCpuOfOneTaskMs: ms(byCpu?.tdur),
    tasksOver50MsCpu: tasks.filter((t) => (t.tdur ?? 0) > 50_000).length,
    totalCpuSeconds: Math.round(tasks.reduce((s, t) => s + (t.tdur ?? 0), 0) / 1e4) / 100,
    benchTasks: bench.length,
    mostCpuOfOneBenchTaskMs: ms(Math.max(0, ...bench.map((t) => t.tdur ?? 0))),
    ...(Object.keys(inside).length ? { insideMostCpuTask: inside } : {}),
  };
}
