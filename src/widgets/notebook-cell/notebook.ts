/**
 * The page's notebook: the scope its cells share, the queue that runs them one at a time, and the output sink of
 * the cell running now. One per page (this module is bundled once), owned by the cells, not an app-wide store.
 */
import { createQueue, createScope, routedConsole, type OutputSink, type Scope } from './scope';

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
