/**
 * <notebook-cell>: owns a cell's DOM. The editor is a transparent textarea over a highlighted <pre>; runs go
 * through the page's queue. Everything heavy (highlighter, acorn, tfjs, d3) is imported on first use.
 */
import { formatMs } from '../../lib/format';
import { Connection, part } from '../shared/element';
import type { Highlight } from './highlight-client';
import { lineNumbers, plainHtml } from './highlight';
import { notebook } from './notebook';
import { cellWords } from './strings';

type State = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'skipped';

/** Shared by the cells of one "Run all": the first failure stops the cells after it. */
interface Chain {
  failed: boolean;
}

const t = cellWords();
const IDLE_HINT = t.idleHint;

function cellsOnPage(): NotebookCell[] {
  return [...document.querySelectorAll<NotebookCell>('notebook-cell')];
}

export class NotebookCell extends HTMLElement {
  #input!: HTMLTextAreaElement;
  #highlight!: HTMLElement;
  #gutter!: HTMLElement;
  #mark!: HTMLElement;
  #output!: HTMLElement;
  #status!: HTMLElement;
  #buttons!: { run: HTMLButtonElement; runAll: HTMLButtonElement; reset: HTMLButtonElement };
  #originalHtml = '';
  #highlighter: Highlight | null = null;
  /** Bumped by each run and reset; output from an older run is dropped. */
  #generation = 0;
  #focusBack: HTMLElement | null = null;
  /** The queued or running run, so that a second Shift+Enter joins it instead of queueing a duplicate. */
  #pending: Promise<boolean> | null = null;

  #connection = new Connection();

  connectedCallback(): void {
    const first = !this.#input; // moved in the DOM: keep the state, wire the listeners again
    if (first) {
      const q = <T extends Element>(sel: string) => part<T>(this, sel);
      this.#input = q('textarea[data-role="code"]');
      this.#highlight = q('[data-role="highlight"]');
      this.#gutter = q('[data-role="gutter"]');
      this.#mark = q('[data-role="error-mark"]');
      this.#output = q('[data-role="output"]');
      this.#status = q('[data-role="status"]');
      this.#buttons = {
        run: q('button[data-action="run"]'),
        runAll: q('button[data-action="run-all"]'),
        reset: q('button[data-action="reset"]'),
      };
      this.#originalHtml = this.#highlight.innerHTML;
    }
    const signal = this.#connection.start();
    this.#input.addEventListener('input', () => this.#onEdit(), { signal });
    this.#input.addEventListener(
      'keydown',
      (e) => {
        // Tab is left alone: it moves focus, as everywhere else on the page.
        if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void this.run();
        }
      },
      { signal },
    );
    // Only the cell's own three buttons: its output (the reader's DOM) may hold buttons of its own.
    for (const [button, action] of [
      [this.#buttons.run, () => void this.run()],
      [this.#buttons.runAll, () => void this.runAll()],
      [this.#buttons.reset, () => this.reset()],
    ] as const) {
      button.addEventListener('click', action, { signal });
    }
    if (!first) return;
    this.#label();
    this.#status.textContent = IDLE_HINT;
  }

  disconnectedCallback(): void {
    this.#connection.end();
  }

  /** 1-based position among the page's cells: "cell 2" in labels and `cell-2.js` in stacks. */
  get number(): number {
    return cellsOnPage().indexOf(this) + 1;
  }

  #label(): void {
    const n = this.number;
    this.setAttribute('aria-label', t.cellN(n));
    this.#input.setAttribute('aria-label', t.codeOfCell(n));
    // Accessible names start with the visible text, so voice control ("click Run") still finds them.
    this.#buttons.run.setAttribute('aria-label', t.runCell(n));
    this.#buttons.runAll.setAttribute('aria-label', n > 1 ? t.runAllTo(n) : t.runAllFirst);
    this.#buttons.reset.setAttribute('aria-label', t.resetCell(n));
  }

  /** Queues a run; resolves true when the cell ran without error. */
  run(chain?: Chain): Promise<boolean> {
    if (this.#pending) return this.#pending;
    this.#setState('queued', t.queued);
    this.#pending = notebook.enqueue(async () => {
      try {
        if (chain?.failed) {
          this.#setState('skipped', t.skipped);
          return false;
        }
        const ok = await this.#execute();
        if (!ok && chain) chain.failed = true;
        return ok;
      } finally {
        this.#pending = null;
      }
    });
    return this.#pending;
  }

  /** Runs every cell above this one in order, then this one; stops at the first failure. */
  async runAll(): Promise<boolean> {
    const cells = cellsOnPage();
    const chain: Chain = { failed: false };
    const runs = cells.slice(0, cells.indexOf(this) + 1).map((c) => c.run(chain));
    return (await Promise.all(runs)).every(Boolean);
  }

  reset(): void {
    this.#generation++;
    this.#input.value = this.#input.defaultValue;
    this.#highlight.innerHTML = this.#originalHtml;
    this.#gutter.textContent = lineNumbers(this.#input.value);
    this.#output.replaceChildren();
    this.#markLine(null);
    if (this.dataset.state !== 'running' && this.dataset.state !== 'queued') this.#setState('idle', IDLE_HINT);
  }

  async #execute(): Promise<boolean> {
    const generation = ++this.#generation;
    this.#output.replaceChildren();
    this.#markLine(null);
    this.#setState('running', t.running);
    try {
      const runner = await import('./runner');
      const sink = runner.domSink(this.#output, () => generation === this.#generation);
      const outcome = await runner.runCell({
        source: this.#input.value,
        cell: this.number,
        sink,
        onLoading: () => this.#setStatus(t.loadingTf),
      });
      if (outcome.ok) sink.display(outcome.value);
      else sink.error(outcome.error.text);
      await sink.settled();
      if (generation !== this.#generation) {
        this.#setState('idle', IDLE_HINT); // reset while it ran: the cell shows its reset state
        return outcome.ok;
      }
      const backend = outcome.backend ? ` · ${outcome.backend}` : '';
      if (outcome.ok) {
        this.#setState('done', `${t.doneIn(formatMs(outcome.ms))}${backend}`);
      } else {
        this.#markLine(outcome.error.line);
        this.#setState('error', `${outcome.ms === null ? t.notRun : t.failedAfter(formatMs(outcome.ms))}${backend}`);
      }
      return outcome.ok;
    } catch (err) {
      // Only our own machinery lands here (a chunk failed to download); the reader's errors are outcomes.
      this.#output.append(Object.assign(document.createElement('pre'), { className: 'nb-error', textContent: String(err) }));
      this.#setState('error', t.couldNotRun);
      return false;
    }
  }

  #setStatus(text: string): void {
    this.#status.textContent = text;
  }

  #setState(state: State, status: string): void {
    const busy = state === 'queued' || state === 'running';
    const { run, runAll } = this.#buttons;
    if (busy && (document.activeElement === run || document.activeElement === runAll)) this.#focusBack = document.activeElement as HTMLElement;
    this.dataset.state = state;
    this.setAttribute('aria-busy', String(busy));
    run.disabled = busy;
    runAll.disabled = busy;
    this.#setStatus(status);
    if (!busy && this.#focusBack) {
      // Disabling the focused button dropped focus to <body>; give it back so keyboard users keep their place.
      if (document.activeElement === document.body || document.activeElement === null) this.#focusBack.focus();
      this.#focusBack = null;
    }
  }

  #onEdit(): void {
    this.#markLine(null);
    this.#renderCode();
    if (!this.#highlighter) {
      import('./highlight-client')
        .then((m) => m.loadHighlighter())
        .then((h) => {
          this.#highlighter = h;
          this.#renderCode();
        })
        .catch(() => {
          /* the plain layer stays: editing and running work without colours */
        });
    }
  }

  #renderCode(): void {
    const code = this.#input.value;
    this.#highlight.innerHTML = this.#highlighter ? this.#highlighter(code) : plainHtml(code);
    this.#gutter.textContent = lineNumbers(code);
  }

  #markLine(line: number | null): void {
    this.#mark.hidden = line === null;
    if (line !== null) this.#mark.style.setProperty('--nb-error-line', String(line));
  }
}

if (!customElements.get('notebook-cell')) customElements.define('notebook-cell', NotebookCell);
