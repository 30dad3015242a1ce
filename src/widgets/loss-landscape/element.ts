/**
 * <loss-landscape>: draws the committed reference landscapes (embedded by the shell as `data-views`) at once, and on
 * a press computes new ones in its worker (worker.ts): the plain and the residual reference net of the chosen depth,
 * or the reader's own saved net, on the chosen grid, span and direction seed, the plots filling in as points come.
 */
import { shareSettings } from '../shared/share-link';
import { LANDSCAPE_LINK } from './link';
import { Connection, part, role, wireActions } from '../shared/element';
import { describeBackend, requestedBackend } from '../shared/tf-loader';
import { WorkerClient } from '../shared/worker-client';
import { downloadBlob } from '../shared/download';
import { SAVED_MODEL_DATA, offerSavedModel, type SavedModelInfo } from '../shared/saved-model';
import { renderCurves, renderKey, renderPanel } from './chart';
import { downloadPng, downloadSvg, figureSvg } from './export';
import type { LandscapeApi, NetSource } from './protocol';
import { BATCH, checkSettings, emptyPanel, fillPoints, gridCsv, gridRows, referenceId, sharedLogDomain, timeLeft, viewCaption, type Panel, type View } from './series';
import { strings } from './strings';
import { pageLocale } from '../../i18n/locales';

const fmt = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4)) : v);

export class LossLandscapeElement extends HTMLElement {
  /** The page's language (`<html lang>`) and its words. */
  #locale = pageLocale();
  #t = strings[this.#locale];
  // Vite sees this exact pattern and bundles worker.ts (and tfjs) as a separate file; nothing loads before a press.
  #worker = new WorkerClient<LandscapeApi>(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'loss-landscape' }), {
    label: this.#t.workerLabel,
  });
  #connection = new Connection();
  #loaded = false;
  #views: Record<string, View> = {};
  #view!: View;
  #abort?: AbortController;
  #saved: SavedModelInfo | null = null;
  /** The pending redraw (requestAnimationFrame id), the panels it redraws, and the colour domain drawn last. */
  #frame = 0;
  #changed = new Set<Panel>();
  #domain = '';

  connectedCallback(): void {
    const signal = this.#connection.start();
    this.#views = JSON.parse(this.dataset.views ?? '{}') as Record<string, View>;
    shareSettings(this, LANDSCAPE_LINK, signal); // before the first read of the form, so a link's settings are drawn
    wireActions(
      this,
      {
        start: () => void this.#start(),
        cancel: () => this.#cancel(),
        'download-csv': () => downloadBlob(gridCsv(this.#view), `${this.#fileName()}.csv`),
        'download-svg': () => downloadSvg(this.#figure(), `${this.#fileName()}.svg`),
        'download-png': () => void downloadPng(this.#figure(), `${this.#fileName()}.png`),
      },
      signal,
    );
    // Choosing another depth or seed while idle shows that committed result, if there is one.
    this.#form().addEventListener('change', (e) => {
      const name = (e.target as HTMLInputElement).name;
      if (!this.#abort && (name === 'depth' || name === 'seed')) this.#showReference();
      if (name === 'nets') this.#describeChoice();
    }, { signal });
    // Enter in a field computes, rather than submitting the form (which would reload the page).
    this.#form().addEventListener('submit', (e) => {
      e.preventDefault();
      void this.#start();
    }, { signal });
    part(this, 'details.table-alternative').addEventListener('toggle', () => this.#drawTable(), { signal });
    this.#connection.onEnd(() => {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
      this.#abort?.abort();
      this.#worker.terminate();
      this.#loaded = false;
    });
    this.#showReference(true);
    this.dataset.ready = '';
    void this.#checkSaved();
  }

  disconnectedCallback(): void {
    this.#connection.end();
  }

  #form = () => part<HTMLFormElement>(this, 'form.controls');
  #field = <T extends HTMLElement = HTMLInputElement>(name: string) => part<T>(this, `[name="${name}"]`);

  #fileName(): string {
    const v = this.#view;
    return `loss-landscape-${v.panels.map((p) => p.net.replace(/\s+/g, '-')).join('-')}-seed${v.seed}-${v.source}`;
  }

  #figure(): SVGSVGElement {
    const panels = [...part(this, '[data-role="panels"]').querySelectorAll<SVGSVGElement>('svg.panel')];
    const key = part(this, '[data-role="key"]').querySelector<SVGSVGElement>('svg');
    const curves = part(this, '[data-role="curves"]').querySelector<SVGSVGElement>('svg');
    return figureSvg([panels, key ? [key] : [], curves ? [curves] : []], this);
  }

  /** The committed view for the form's depth and seed (the first seed where the chosen one has none). */
  #showReference(initial = false): void {
    const depth = Number(this.#field<HTMLSelectElement>('depth').value);
    const seed = Number(this.#field('seed').value);
    const view = this.#views[`${depth}-${seed}`] ?? (initial ? Object.values(this.#views).find((v) => v.depth === depth) : undefined);
    if (!view) {
      if (!initial) role(this, 'status').textContent = this.#t.noReference(depth, seed);
      return;
    }
    this.#view = structuredClone(view);
    this.dataset.source = 'reference';
    this.#draw();
    this.#drawTable();
  }

  #draw(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#changed.clear();
    const v = this.#view;
    const domain = sharedLogDomain(v.panels);
    this.#domain = JSON.stringify(domain);
    part(this, '[data-role="panels"]').replaceChildren(...v.panels.map((p) => renderPanel(p, domain)));
    part(this, '[data-role="key"]').replaceChildren(...(domain ? [renderKey(domain)] : []));
    part(this, '[data-role="curves"]').replaceChildren(renderCurves(v));
    role(this, 'caption').textContent = viewCaption(v, this.#locale);
  }

  /**
   * While points stream in: at most one redraw per frame, of the panels that got points (all of them, and the key,
   * when the shared colour domain moved), so the page's main thread does little per point.
   */
  #drawSoon(panel: Panel): void {
    this.#changed.add(panel);
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      const v = this.#view;
      const domain = sharedLogDomain(v.panels);
      if (JSON.stringify(domain) !== this.#domain) return this.#draw();
      const holder = part(this, '[data-role="panels"]');
      v.panels.forEach((p, i) => this.#changed.has(p) && holder.children[i]?.replaceWith(renderPanel(p, domain)));
      this.#changed.clear();
      part(this, '[data-role="curves"]').replaceChildren(renderCurves(v));
      role(this, 'caption').textContent = viewCaption(v, this.#locale);
    });
  }

  /** The table is long (a row per point): drawn while it is open (on opening, and when a run ends). */
  #drawTable(): void {
    if (!part<HTMLDetailsElement>(this, 'details.table-alternative').open) return;
    part(this, 'tbody[data-role="table-body"]').replaceChildren(
      ...gridRows(this.#view).map((r) => {
        const tr = document.createElement('tr');
        r.forEach((v, i) => {
          const cell = document.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) cell.setAttribute('scope', 'row');
          else cell.className = 'num';
          cell.textContent = fmt(v);
          tr.append(cell);
        });
        return tr;
      }),
    );
  }

  async #checkSaved(): Promise<void> {
    const saved = await offerSavedModel(part<HTMLOptionElement>(this, 'option[value="saved"]'));
    if (!this.isConnected) return;
    this.#saved = saved;
    this.dataset.saved = String(!!this.#saved);
    this.#describeChoice();
  }

  #describeChoice(): void {
    const yours = this.#field<HTMLSelectElement>('nets').value === 'saved';
    role(this, 'saved-none').hidden = !!this.#saved;
    const about = role(this, 'saved-about');
    about.hidden = !(yours && this.#saved);
    if (this.#saved) about.textContent = this.#t.aboutSaved(this.#saved.net, this.#saved.plain, SAVED_MODEL_DATA);
    this.#field<HTMLSelectElement>('depth').disabled = yours || !!this.#abort;
  }

  #status(text: string, progress?: number, left = ''): void {
    role(this, 'status').textContent = text;
    const bar = role<HTMLProgressElement>(this, 'progress');
    bar.hidden = progress === undefined;
    if (progress !== undefined) {
      bar.value = progress;
      bar.setAttribute('aria-valuetext', `${text} ${left}`.trim());
    }
    role(this, 'time-left').textContent = left;
  }

  #error(message: string | null): void {
    const alert = role(this, 'error');
    alert.hidden = message === null;
    alert.textContent = message ?? '';
  }

  #busy(on: boolean): void {
    this.setAttribute('aria-busy', String(on));
    for (const el of this.#form().querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button[data-action="start"]')) el.disabled = on;
    part<HTMLButtonElement>(this, 'button[data-action="cancel"]').disabled = !on;
    if (!on) this.#describeChoice();
  }

  #cancel(): void {
    if (!this.#abort || this.#abort.signal.aborted) return;
    this.#abort.abort();
    this.#status(this.#t.cancelling);
  }

  async #start(): Promise<void> {
    if (this.#abort) return;
    const t = this.#t;
    this.#error(null);
    let settings;
    try {
      settings = checkSettings({ depth: Number(this.#field<HTMLSelectElement>('depth').value), grid: Number(this.#field('grid').value), span: Number(this.#field<HTMLSelectElement>('span').value), seed: Number(this.#field('seed').value) }, this.#locale);
    } catch (err) {
      this.#error(t.cannotCompute(err instanceof Error ? err.message : String(err)));
      return;
    }
    const { depth, grid, span, seed } = settings;
    const nets = this.#field<HTMLSelectElement>('nets').value;
    const baseUrl = new URL(this.dataset.referenceUrl ?? '/data/reference-nets/', location.href).href;
    const kinds: ('plain' | 'residual')[] = nets === 'both' ? ['plain', 'residual'] : nets === 'plain' || nets === 'residual' ? [nets] : [];
    const jobs: { source: NetSource; panel: Panel }[] = nets === 'saved'
      ? [{ source: { kind: 'saved' }, panel: emptyPanel('saved', t.yourNet(this.#saved?.net ?? null), span, grid) }]
      : kinds.map((k) => ({ source: { kind: 'reference', id: referenceId(k, depth), baseUrl }, panel: emptyPanel(k, referenceId(k, depth), span, grid) }));
    const abort = (this.#abort = new AbortController());
    this.#view = { source: 'live', depth, seed, span, batch: { ...BATCH }, panels: jobs.map((j) => j.panel) };
    this.dataset.source = 'live';
    this.dataset.state = 'busy';
    this.dataset.points = '0';
    delete this.dataset.seconds;
    this.#busy(true);
    this.#draw();
    this.#drawTable();
    const total = jobs.length * grid * grid;
    let done = 0;
    try {
      if (!this.#loaded) {
        this.#status(t.loadingData, 0);
        const dataUrl = new URL(this.dataset.dataUrl ?? '/data/fashion-mnist/', location.href).href;
        // wasm unless the reader asks for another backend (?backend=): the same arithmetic as the committed records.
        const { backend } = await this.#worker.request('load', { dataUrl, requestedBackend: requestedBackend() ?? 'wasm', batch: { ...BATCH } }, { signal: abort.signal });
        this.#loaded = true;
        this.dataset.backend = backend.chosen;
        role(this, 'backend').textContent = t.backend(describeBackend(backend));
      }
      const started = performance.now();
      for (const { source, panel } of jobs) {
        abort.signal.throwIfAborted();
        this.#status(t.loadingNet(panel.net), done / total);
        await this.#worker.request('slice', { source, seed, grid, span }, {
          signal: abort.signal,
          onEvent: (e) => {
            if (abort.signal.aborted) return;
            if (e.kind === 'net') {
              panel.trainSetError = e.trainSetError;
              return;
            }
            done += fillPoints(panel, e.points);
            this.dataset.points = String(done);
            const elapsed = (performance.now() - started) / 1000;
            const left = timeLeft(done, total, elapsed);
            this.#status(t.computing(panel.net, done, total, (done / elapsed).toFixed(2)), done / total, left === null ? '' : t.timeLeft(left));
            this.#drawSoon(panel);
          },
        });
      }
      const seconds = (performance.now() - started) / 1000;
      this.#status(t.done(total, seconds, (total / seconds).toFixed(2)));
      this.dataset.seconds = seconds.toFixed(2);
      this.dataset.state = 'ready';
    } catch (err) {
      if (!this.isConnected) return;
      if (abort.signal.aborted || (err instanceof Error && err.name === 'AbortError')) {
        this.#status(t.cancelled(done, total));
        this.dataset.state = 'cancelled';
      } else {
        this.#status(t.stopped);
        this.#error(t.failed(err instanceof Error ? err.message : String(err)));
        this.dataset.state = 'error';
      }
    } finally {
      this.#abort = undefined;
      if (this.isConnected) {
        this.#busy(false);
        this.#draw();
        this.#drawTable();
      }
    }
  }
}

if (!customElements.get('loss-landscape')) customElements.define('loss-landscape', LossLandscapeElement);
