/**
 * Give the event loop a turn between training steps, so a page or worker stays responsive (clicks, postMessage,
 * pause buttons). A macrotask, not a microtask: awaiting a resolved promise would never let events in.
 * `setImmediate` in Node; a MessageChannel in browsers and workers (setTimeout(0) is clamped to ≥ 4 ms after a few
 * nested calls); setTimeout as the last resort.
 */
export function macrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = () => {
        port1.close();
        resolve();
      };
      port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
