/**
 * What every widget element does with its server-rendered markup: find its parts (a missing one is a bug in the
 * .astro shell, reported by name, not a TypeError later), wire its `data-action` buttons, and tie every listener
 * to one AbortController per connection, so `disconnectedCallback` removes them all (and stops the element's
 * workers) with one `abort()`.
 */

/** The element inside `root` that matches `selector`; throws, naming the widget and the selector, if there is none. */
export function part<T extends Element = HTMLElement>(root: Element, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`<${root.localName}> is missing ${selector}`);
  return found;
}

/** The part marked `data-role="name"` (see `part`). */
export function role<T extends Element = HTMLElement>(root: Element, name: string): T {
  return part<T>(root, `[data-role="${name}"]`);
}

/**
 * Calls `actions[name](button)` when a `button[data-action="name"]` inside `root` is clicked (or pressed with the
 * keyboard), buttons added later included. Actions not listed are left to whoever owns them. One listener, on `root`,
 * removed when `signal` aborts.
 */
export function wireActions(root: Element, actions: Record<string, (button: HTMLButtonElement) => void>, signal: AbortSignal): void {
  root.addEventListener(
    'click',
    (e) => {
      const button = e.target instanceof Element ? e.target.closest<HTMLButtonElement>('button[data-action]') : null;
      if (!button || !root.contains(button)) return;
      const name = button.dataset.action ?? '';
      if (Object.hasOwn(actions, name)) actions[name]!(button);
    },
    { signal },
  );
}

/**
 * One connection's lifetime: `signal` for every listener added while connected; `end()` (from disconnectedCallback)
 * aborts it. A custom element can be connected again (moved in the DOM): call `start()` in connectedCallback.
 */
export class Connection {
  #controller = new AbortController();

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** A fresh signal for a new connection (the previous one, if any, is aborted). */
  start(): AbortSignal {
    this.#controller.abort();
    this.#controller = new AbortController();
    return this.#controller.signal;
  }

  /** Runs `cleanup` when this connection ends (a worker to terminate, a timer to clear). */
  onEnd(cleanup: () => void): void {
    if (this.signal.aborted) cleanup();
    else this.signal.addEventListener('abort', cleanup, { once: true });
  }

  end(): void {
    this.#controller.abort();
  }
}
