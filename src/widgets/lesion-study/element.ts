/**
 * <lesion-study>: draws the committed lesion records (embedded by the shell as `data-study`) at once, and on a press
 * re-measures one reference net's single-block lesions in its worker (worker.ts), the points filling in on chart 1
 * as they come, then compares them with the record.
 */
import { Connection, part, role, wireActions } from '../shared/element';
import { shareSettings } from '../shared/share-link';
import { LESION_LINK } from './link';
import { describeBackend, requestedBackend } from '../shared/tf-loader';
import { WorkerClient } from '../shared/worker-client';
import { downloadBlob } from '../shared/download';
import { SAVED_MODEL_DATA, offerSavedModel, type SavedModelInfo } from '../shared/saved-model';
import { renderBlockChart, renderKChart } from './chart';
import type { LesionApi, LesionNet, MeasuredBlock } from './protocol';
import { blockCsv, compareWithRecord, kCsv, netId, pct, type NetKind, type StudyData } from './series';
import { strings } from './strings';

export class LesionStudyElement extends HTMLElement {
  /** The words of the page's language (`<html lang>`). */
  #t = strings.here();
  // Vite sees this exact pattern and bundles worker.ts (and tfjs) as a separate file; nothing loads before a press.
  #worker = new WorkerClient<LesionApi>(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'lesion-study' }), {
    label: this.#t.workerLabel,
  });
  #connection = new Connection();
  #loaded = false;
  #study!: StudyData;
  #live: MeasuredBlock[] = [];
  #abort?: AbortController;
  #saved: SavedModelInfo | null = null;

  connectedCallback(): void {
    const signal = this.#connection.start();
    this.#study = JSON.parse(this.dataset.study ?? '{}') as StudyData;
    wireActions(
      this,
      {
        start: () => void this.#start(),
        cancel: () => this.#abort?.abort(),
        'download-csv': (button) => this.#download(button.closest<HTMLElement>('[data-plot]')!.dataset.plot!),
      },
      signal,
    );
    shareSettings(this, LESION_LINK, signal);
    this.#connection.onEnd(() => {
      this.#abort?.abort();
      this.#worker.terminate();
      this.#loaded = false;
    });
    this.#draw();
    part(this, '[data-plot="k"] .chart-holder').replaceChildren(renderKChart(this.#study));
    part(this, 'select[name="net"]').addEventListener('change', () => this.#describeChoice(), { signal });
    this.dataset.ready = '';
    void this.#checkSaved();
  }

  /** Offers the degradation lab's saved model, if this browser has one; otherwise says where to make one. */
  async #checkSaved(): Promise<void> {
    const saved = await offerSavedModel(part<HTMLOptionElement>(this, 'option[value="saved"]'));
    if (!this.isConnected) return;
    this.#saved = saved;
    this.dataset.saved = String(!!this.#saved);
    this.#describeChoice();
  }

  #describeChoice(): void {
    const yours = part<HTMLSelectElement>(this, 'select[name="net"]').value === 'saved';
    role(this, 'saved-none').hidden = !!this.#saved;
    const about = role(this, 'saved-about');
    about.hidden = !(yours && this.#saved);
    if (this.#saved) about.textContent = this.#t.aboutSaved(this.#saved.net, this.#saved.plain, SAVED_MODEL_DATA);
  }

  disconnectedCallback(): void {
    this.#connection.end();
  }

  #draw(): void {
    part(this, '[data-plot="blocks"] .chart-holder').replaceChildren(renderBlockChart(this.#study, this.#live));
  }

  #download(plot: string): void {
    const d = this.#study;
    downloadBlob(plot === 'k' ? kCsv(d) : blockCsv(d), `lesion-study-${d.depth}-${plot === 'k' ? 'k-blocks' : 'one-block'}.csv`);
  }

  #status(text: string, progress?: number, timeLeft = ''): void {
    role(this, 'status').textContent = text;
    const bar = role<HTMLProgressElement>(this, 'progress');
    bar.hidden = progress === undefined;
    if (progress !== undefined) bar.value = progress;
    role(this, 'time-left').textContent = timeLeft;
  }

  #busy(on: boolean): void {
    this.setAttribute('aria-busy', String(on));
    part<HTMLButtonElement>(this, 'button[data-action="start"]').disabled = on;
    part<HTMLSelectElement>(this, 'select[name="net"]').disabled = on;
    part<HTMLButtonElement>(this, 'button[data-action="cancel"]').disabled = !on;
  }

  async #start(): Promise<void> {
    if (this.#abort) return;
    const t = this.#t;
    const abort = (this.#abort = new AbortController());
    const choice = part<HTMLSelectElement>(this, 'select[name="net"]').value as NetKind | 'saved';
    const yours = choice === 'saved';
    let id = yours ? t.yourNet(this.#saved?.net ?? null) : netId(choice, this.#study.depth);
    const record = yours ? null : this.#study.nets[choice]!;
    this.#live = [];
    this.#draw();
    role(this, 'comparison').textContent = '';
    this.dataset.state = 'busy';
    this.#busy(true);
    try {
      if (!this.#loaded) {
        this.#status(t.loadingData, 0);
        const dataUrl = new URL(this.dataset.dataUrl ?? '/data/fashion-mnist/', location.href).href;
        const { backend } = await this.#worker.request('load', { dataUrl, requestedBackend: requestedBackend() }, { signal: abort.signal });
        this.#loaded = true;
        this.dataset.backend = backend.chosen;
        role(this, 'backend').textContent = t.backend(describeBackend(backend));
      }
      this.#status(t.loadingNet(id), 0);
      const baseUrl = new URL(this.dataset.referenceUrl ?? '/data/reference-nets/', location.href).href;
      const net: LesionNet = yours ? { kind: 'saved' } : { kind: 'reference', id, baseUrl };
      const limit = this.dataset.blocks ? Number(this.dataset.blocks) : null;
      const started = performance.now();
      const result = await this.#worker.request(
        'lesions',
        { net, limit },
        {
          signal: abort.signal,
          onEvent: (e) => {
            if (e.kind === 'progress') {
              const elapsed = (performance.now() - started) / 1000;
              const left = e.done > 0 ? (elapsed * (e.total - e.done)) / e.done : 0;
              this.#status(t.measuring(id, e.done, e.total), e.done / e.total, t.timeLeft(left));
            } else if (e.kind === 'block') {
              this.#live.push(e.block);
              this.dataset.live = JSON.stringify(this.#live);
              this.#draw();
            }
          },
        },
      );
      // The worker names a net by its id; the reader's own is worded here.
      id = yours ? t.yourNet(result.net) : result.net;
      if (record) {
        const { same, differ } = compareWithRecord(record, result.blocks);
        const intactSame = Math.abs(result.intactError - record.intactError) < 1e-12;
        role(this, 'comparison').textContent =
          t.comparedIntact(id, pct(result.intactError, 2), pct(record.intactError, 2), intactSame) +
          (differ.length === 0
            ? t.allSame(same)
            : t.someDiffer(same, result.blocks.length, differ.map((d) => ({ name: d.name, measured: pct(d.measured, 2), committed: d.committed === null ? null : pct(d.committed, 2) }))));
        this.dataset.agrees = String(differ.length === 0 && intactSame);
      } else {
        const mean = result.blocks.reduce((a, b) => a + b.error, 0) / Math.max(1, result.blocks.length);
        role(this, 'comparison').textContent = t.measuredYours(id, pct(result.intactError, 2), pct(mean, 2), result.blocks.length);
      }
      this.#status(t.done(result.blocks.length, id));
      this.dataset.state = 'ready';
    } catch (err) {
      if (!this.isConnected) return;
      if (abort.signal.aborted || (err instanceof Error && err.name === 'AbortError')) {
        this.#status(t.cancelled(this.#live.length));
        this.dataset.state = 'cancelled';
      } else {
        this.#status(t.failed(err instanceof Error ? err.message : String(err)));
        this.dataset.state = 'error';
      }
    } finally {
      this.#abort = undefined;
      if (this.isConnected) this.#busy(false);
    }
  }
}

if (!customElements.get('lesion-study')) customElements.define('lesion-study', LesionStudyElement);
