// What the browser benches share: a built site served by `astro preview` (or E2E_URL), and the renderer main
// thread's tasks read from a Chrome trace. Used by scripts/bench-training.mjs, bench-landscape-browser.mjs and
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

/** The renderer main thread's tasks in a Chrome trace: the longest by wall time (with its CPU time), the most CPU. */
export function mainThreadCpu(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  // Chrome names its top-level task 'ThreadControllerImpl::RunTask' (older versions: 'RunTask').
  const top = events.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask';
  const tasks = events.filter((e) => e.name === top && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const byWall = tasks.reduce((a, b) => (b.dur > (a?.dur ?? -1) ? b : a), null);
  const ms = (us) => Math.round((us ?? 0) / 100) / 10;
  return {
    tasks: tasks.length,
    longestTaskWallMs: ms(byWall?.dur),
    longestTaskCpuMs: ms(byWall?.tdur),
    mostCpuOfOneTaskMs: ms(Math.max(0, ...tasks.map((t) => t.tdur ?? 0))),
    tasksOver50MsCpu: tasks.filter((t) => (t.tdur ?? 0) > 50_000).length,
    totalCpuSeconds: Math.round(tasks.reduce((s, t) => s + (t.tdur ?? 0), 0) / 1e4) / 100,
  };
}
