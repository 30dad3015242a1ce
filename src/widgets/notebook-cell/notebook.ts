/**
 * The page's notebook: the scope its cells share, the queue that runs them one at a time, and the output sink of
 * the cell running now. One per page (this module is bundled once), owned by the cells, not an app-wide store.
 */
import { createQueue, createScope, routedConsole, type OutputSink, type Scope } from './scope';
import { strings } from './strings';

interface Notebook {
  scope: Scope;
  enqueue: ReturnType<typeof createQueue>;
  /** The running cell's sink; stays on the last cell after it finishes, for callbacks that log later. */
  sink: OutputSink | null;
  /** False until tfjs and the model library have been put on the scope. */
  libraryLoaded: boolean;
}

export const notebook: Notebook = {
  scope: createScope(),
  enqueue: createQueue(),
  sink: null,
  libraryLoaded: false,
};

// Looked up through `with` at call time, so a helper defined in one cell logs into whichever cell calls it.
notebook.scope.console = routedConsole(console, () => notebook.sink);
notebook.scope.display = (value: unknown): void => notebook.sink?.display(value);
// A file the site serves, by its path from the site's root: the same cell runs on /lessons/x/, /zh-cn/lessons/x/,
// a course's page and under any base path, where a `../../data/` relative to the page would point elsewhere.
notebook.scope.siteUrl = (path: string): string =>
  new URL(path.replace(/^\//, ''), new URL(import.meta.env.BASE_URL, location.origin)).href;

/**
 * A file the reader picks, for a cell that needs one of theirs (the model the transfer widget downloaded, a photo):
 * a file input and a Skip button in the cell's output, and the cell waits, as a notebook's upload cell does. Resolves
 * with the File, or null on Skip (or when the cell is reset while it waits).
 */
notebook.scope.chooseFile = (opts: { accept?: string; label?: string } = {}): Promise<File | null> => {
  const t = strings.here();
  const input = Object.assign(document.createElement('input'), { type: 'file', accept: opts.accept ?? '' });
  const label = document.createElement('label');
  label.append(`${opts.label ?? t.chooseAFile} `, input);
  const skip = Object.assign(document.createElement('button'), { type: 'button', className: 'nb-button', textContent: t.skip });
  skip.dataset.action = 'skip-file';
  const box = document.createElement('div');
  box.dataset.role = 'choose-file';
  box.append(label, ' ', skip);
  notebook.sink?.display(box);
  box.scrollIntoView({ block: 'nearest' }); // during Run all it may appear far above the cell that was pressed
  return new Promise((resolve) => {
    // Gone from the page (the cell was reset while it waited): null, or the queue behind it would wait for ever.
    const gone = new MutationObserver(() => box.isConnected || done(null));
    const done = (file: File | null) => {
      gone.disconnect();
      input.disabled = skip.disabled = true;
      resolve(file);
    };
    gone.observe(document.body, { childList: true, subtree: true });
    // Closing the picker is not a Skip: the reader may open it again.
    input.addEventListener('change', () => input.files?.[0] && done(input.files[0]));
    skip.addEventListener('click', () => done(null), { once: true });
  });
};
