/**
 * <transfer-learning>: owns the widget's DOM and the reader's classes (classes.ts). Pictures are checked and decoded
 * here with the classifier's own decoder (so a hostile file gets the same message), kept as a File plus a 64 px
 * thumbnail; the worker (worker.ts) turns each into features once, trains the head and looks at a new photo.
 *
 * Attributes kept up to date for styling and tests: data-model (idle | loading | ready | failed), data-state (idle |
 * working | trained | error), data-images, data-features (images with features), data-trained (heads trained or
 * loaded so far), data-tried (photos tried), data-num-tensors (tensors alive in the worker after the last step).
 */
import { sha256Hex } from '../../model/data/assets';
import type { EpochStats, NamedTensors } from '../../model/transfer';
import { formatDuration, formatMs } from '../../lib/format';
import { csvText } from '../plots/csv';
import { downloadBlob } from '../shared/download';
import { Connection, part, wireActions } from '../shared/element';
import { shareSettings } from '../shared/share-link';
import { requestedBackend } from '../shared/tf-loader';
import { WorkerClient } from '../shared/worker-client';
import { decodeImage } from '../shared/decode';
import { InputError, inputErrorMessage } from '../shared/messages';
import { strings as photoStrings } from '../shared/photo/strings';
import { strings } from './strings';
import { downloadModel, readModel, type Trained } from './keep';
import { addedNote, rejectedLines, type BatchOutcome } from './batch';
import { ClassList, FEATURE_DIMS, MIN_CLASSES, type TrainingSet } from './classes';
import { FINE_TUNE_CAP, FINE_TUNE_EPOCHS, keptConfusion, runFineTune } from './finetune-run';
import { CURVE_HEADER, curveRows } from './curves';
import { extractAll, type Source } from './extraction';
import { findParts, renderClasses, type Ui } from './ui';
import { wireInputs } from './inputs';
import { TRANSFER_LINK } from './link';
import { wireWebcam } from './webcam';
import { greyThumbnail, thumbnail } from './pictures';
import { Thumbs } from './thumbs';
import type { LoadResult, TrainResult, TransferApi } from './protocol';
import { headCam, rankClasses, validationConfusion } from './try-core';
import { confusionCsvRows, drawCompare, drawConfusion, drawCurves, drawPredictions, drawSeen, el, percent } from './view';

const HIDDEN_UNITS = 256;
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
const isAbort = (err: unknown) => err instanceof Error && err.name === 'AbortError';

export class TransferLearningElement extends HTMLElement {
  #connection = new Connection();
  #client = new WorkerClient<TransferApi>(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'transfer-learning' }), { label: 'the transfer-learning worker' });
  #t = strings.here(); // the page's words: its <html lang> is set before any element exists
  #list = new ClassList<Source>(MIN_CLASSES, this.#t.defaultClass);
  #cards = new Map<number, HTMLLIElement>();
  #thumbs = new Thumbs();
  #loading?: Promise<LoadResult>;
  #loadedBackend?: string;
  #extracting?: Promise<void>;
  #abort?: AbortController;
  #history: EpochStats[] = [];
  #confusion?: { classNames: string[]; counts: number[][] };
  #model?: Trained;
  /** The fine-tuned conv5_x the worker runs now (undefined: the pretrained one). */
  #workerStage5?: NamedTensors;
  #counts = { trained: 0, tried: 0 };

  #parts?: Ui;
  get #ui(): Ui {
    return (this.#parts ??= findParts(this));
  }

  connectedCallback(): void {
    const signal = this.#connection.start();
    this.#connection.onEnd(() => this.#client.terminate());
    // A new worker has no model and no fine-tuned stage: load again when next needed.
    this.#client.onDeath(() => {
      this.#loading = undefined;
      this.#workerStage5 = undefined;
      this.dataset.model = 'idle';
    });
    wireActions(
      this,
      {
        sample: () => void this.#sample(),
        'add-class': () => this.#addClass(),
        'remove-class': (b) => this.#removeClass(Number(b.closest<HTMLElement>('[data-class-id]')?.dataset.classId)),
        'remove-image': (b) => this.#removeImage(Number(b.dataset.imageId)),
        train: () => void this.#train(),
        cancel: () => this.#abort?.abort(),
        export: () => this.#export(),
        'curves-csv': () => downloadBlob(csvText(CURVE_HEADER, curveRows(this.#history)), 'transfer-curves.csv'),
        'confusion-csv': () => {
          if (!this.#confusion) return;
          const { header, rows } = confusionCsvRows(this.#confusion.classNames, this.#confusion.counts);
          downloadBlob(csvText(header, rows), 'transfer-confusion.csv');
        },
      },
      signal,
    );
    this.addEventListener('input', (e) => {
      const input = e.target as HTMLInputElement;
      if (input.name !== 'class-name') return;
      const c = this.#list.get(Number(input.closest<HTMLElement>('[data-class-id]')?.dataset.classId));
      if (c) c.name = input.value;
    }, { signal });
    wireInputs(this, signal, {
      classFiles: (id, files) => void this.#addFiles(id ?? this.#list.classes[0]!.id, files),
      tryFile: (file) => void this.#try(file),
      importFile: (file) => void this.#import(file),
      hasModel: () => this.#model !== undefined,
      fail: (message) => this.#fail(message),
    });
    wireWebcam(this, signal, {
      classFiles: (id, files) => void this.#addFiles(id, files),
      tryFile: (file) => void this.#try(file),
      hasModel: () => this.#model !== undefined,
      fail: (message) => this.#fail(message),
    });
    shareSettings(this, TRANSFER_LINK, signal); // before anything reads the training options
    this.#render();
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#abort?.abort();
    this.#connection.end();
    this.#parts = undefined;
  }

  // --- classes -----------------------------------------------------------------------------------------------------

  #render(): void {
    renderClasses(this.#ui, this.#list, this.#cards, this.#thumbs);
    this.dataset.images = String(this.#list.imageCount);
    this.dataset.features = String(this.#list.imageCount - this.#list.pending().length);
  }

  #addClass(): void {
    if (!this.#list.canAdd) return;
    const c = this.#list.addClass();
    this.#render();
    part<HTMLInputElement>(this.#cards.get(c.id)!, 'input[name="class-name"]').focus();
  }

  #removeClass(id: number): void {
    const c = this.#list.get(id);
    if (!c || !this.#list.removeClass(id)) return;
    for (const im of c.images) this.#thumbs.remove(im.id);
    this.#render();
    this.#ui.addClass.focus();
  }

  #removeImage(id: number): void {
    if (!this.#list.removeImage(id)) return;
    const li = this.#thumbs.get(id);
    const next = (li?.nextElementSibling ?? li?.previousElementSibling)?.querySelector('button');
    this.#thumbs.remove(id);
    this.#render();
    (next as HTMLButtonElement | null)?.focus();
  }

  /** Checks, hashes and thumbnails each file; the good ones join the class, the bad ones are listed. */
  async #addFiles(classId: number, files: File[]): Promise<void> {
    const c = this.#list.get(classId);
    if (!c || files.length === 0) return;
    this.#clearMessages();
    const outcome: BatchOutcome = { className: c.name, added: 0, duplicates: 0, rejected: [] };
    let i = 0;
    for (const file of files) {
      this.#note(this.#t.readingFiles(++i, files.length));
      try {
        const decoded = await decodeImage(file);
        const picture = await thumbnail(decoded.bitmap).finally(() => decoded.bitmap.close());
        const entry = this.#list.addImage(classId, await sha256Hex(await file.arrayBuffer()), { kind: 'file', file });
        if (!entry) outcome.duplicates++;
        else {
          outcome.added++;
          this.#thumbs.add(entry.id, c.name, picture, c.images.length);
        }
      } catch (err) {
        outcome.rejected.push({ name: file.name || this.#t.pastedImage, message: err instanceof InputError ? inputErrorMessage(err, photoStrings.here()) : this.#t.couldNotRead(errorText(err)) });
      }
      if (i % 8 === 0) this.#render();
    }
    this.#render();
    this.#note(addedNote(outcome, this.#t));
    const lines = rejectedLines(outcome, 20, this.#t);
    if (lines.length) this.#ui.alert.replaceChildren(lines[0]!, el('ul', {}, ...lines.slice(1).map((l) => el('li', { textContent: l }))));
    if (outcome.added) void this.#extractPending().catch(() => {});
  }

  async #sample(): Promise<void> {
    const ui = this.#ui;
    this.#clearMessages();
    ui.sample.disabled = true;
    try {
      await this.#ensureModel();
      this.#note(this.#t.loadingSample);
      const perClass = Math.max(2, Number(this.dataset.samplePerClass) || 30);
      const s = await this.#client.request('sample', { dataUrl: new URL(this.dataset.data ?? '/data/fashion-mnist/', location.href).href, perClass, seed: 1 });
      this.#abort?.abort();
      await this.#extracting?.catch(() => {});
      this.#thumbs.clear();
      this.#list.clear();
      while (this.#list.classes.length < s.classNames.length) this.#list.addClass();
      s.classNames.forEach((name, k) => (this.#list.classes[k]!.name = name)); // Fashion-MNIST's labels, as it spells them
      // In slices, each waiting for its PNGs and shown before the next: a thousand at once held the main thread for
      // seconds, and a thousand new thumbnails in one frame for about 100 ms.
      for (let k = 0; k < s.images.length; k += 25) {
        const slice = s.images.slice(k, k + 25);
        const pngs = await Promise.all(slice.map((im) => greyThumbnail(im.pixels, s.size)));
        slice.forEach((im, j) => {
          const c = this.#list.classes[im.label]!;
          const entry = this.#list.addImage(c.id, im.hash, { kind: 'sample', sample: im.sample });
          if (entry) this.#thumbs.add(entry.id, c.name, pngs[j]!, c.images.length);
        });
        this.#render();
      }
      this.#note(this.#t.sampleNote(s.images.length, s.classNames));
      await this.#extractPending();
    } catch (err) {
      if (!isAbort(err)) this.#fail(this.#t.sampleFailed(errorText(err)));
    } finally {
      ui.sample.disabled = false;
    }
  }

  // --- model and features ------------------------------------------------------------------------------------------

  #ensureModel(): Promise<LoadResult> {
    if (this.#loading) return this.#loading;
    const ui = this.#ui;
    this.dataset.model = 'loading';
    this.#progress(0, 1, this.#t.loadingModel);
    this.#loading = this.#client
      .request('load', { weightsUrl: new URL(this.dataset.weights ?? '/weights/resnet50/', location.href).href, requestedBackend: requestedBackend() }, {
        onEvent: ({ loaded, total }) => this.#progress(loaded, total, loaded < total ? this.#t.downloadingWeights : this.#t.building),
      })
      .then(
        (r) => {
          this.#loadedBackend = r.backend.chosen;
          this.dataset.model = 'ready';
          ui.progress.hidden = true;
          return r;
        },
        (err: unknown) => {
          this.#loading = undefined;
          this.dataset.model = 'failed';
          ui.progress.hidden = true;
          this.#fail(this.#t.loadFailed(errorText(err)));
          throw err;
        },
      );
    return this.#loading;
  }

  #progress(value: number, max: number, text: string): void {
    const ui = this.#ui;
    ui.progress.hidden = false;
    ui.progressBar.max = max;
    ui.progressBar.value = value;
    ui.progressText.textContent = text;
  }

  /** Features for every image that has none, in batches; one run at a time; Cancel stops after the current image. */
  #extractPending(): Promise<void> {
    this.#extracting ??= this.#extractLoop().finally(() => {
      this.#extracting = undefined;
      this.#ui.progress.hidden = true;
      this.#render();
    });
    return this.#extracting;
  }

  async #extractLoop(): Promise<void> {
    await this.#ensureModel();
    const abort = (this.#abort = new AbortController());
    const counts = await extractAll(this.#client, this.#list, abort.signal, {
      progress: (n, total, text) => this.#progress(n, total, text),
      batchDone: (numTensors) => {
        this.dataset.numTensors = String(numTensors);
        this.#render();
      },
    });
    this.dataset.featuresCached = String(counts.cached);
    if (abort.signal.aborted) this.#note(this.#t.stopped(this.#list.pending().length));
    else if (counts.cached) this.#note(`${this.#ui.note.textContent} ${this.#t.fromCache(counts.cached, counts.cached + counts.computed)}`.trim());
  }

  // --- training ----------------------------------------------------------------------------------------------------

  async #train(): Promise<void> {
    const ui = this.#ui;
    this.#clearMessages();
    const problem = this.#list.problem(this.#t);
    if (problem) return this.#fail(problem);
    ui.train.disabled = true;
    this.dataset.state = 'working';
    try {
      await this.#extractPending();
      if (this.#list.pending().length) return void (this.dataset.state = 'idle');
      const set = this.#list.trainingSet();
      const k = set.classNames.length;
      const hidden = ui.hidden.checked ? HIDDEN_UNITS : undefined;
      const epochs = Number(this.dataset.epochs) || 60;
      const abort = (this.#abort = new AbortController());
      this.#history = [];
      ui.curves.hidden = false;
      ui.confusion.hidden = true;
      ui.compare.hidden = true;
      // Live charts at most every 300 ms, without the table: drawing them on every epoch (tens per second for a
      // small set) kept the page's main thread busy. The table and final charts are drawn once at the end.
      let lastDraw = 0;
      let frame = 0;
      this.#progress(0, epochs, this.#t.trainingHead);
      const r = await this.#client.request(
        'train',
        { features: set.features, labels: set.labels, spec: { features: FEATURE_DIMS, classes: k, hidden }, validationFraction: Number(ui.validation.value) / 100, options: { epochs, lr: 1e-3, batch: 16, weightDecay: 1e-4, patience: 15, seed: 1 } },
        {
          signal: abort.signal,
          onEvent: (s) => {
            this.#history.push(s);
            this.#progress(s.epoch, epochs, this.#t.epochProgress(s.epoch, percent(s.validationAccuracy)));
            if (frame || performance.now() - lastDraw < 300) return;
            frame = requestAnimationFrame(() => {
              frame = 0;
              lastDraw = performance.now();
              drawCurves(ui.charts, null, this.#history, epochs);
            });
          },
        },
      );
      if (frame) cancelAnimationFrame(frame);
      drawCurves(ui.charts, null, r.history, epochs);
      await new Promise((resolve) => setTimeout(resolve, 0)); // the table in a task of its own
      drawCurves(null, ui.curveTable, r.history, epochs);
      const best = r.history[r.bestEpoch - 1]!;
      const val = r.split.validation;
      this.#showConfusion(set.classNames, validationConfusion(r.best, set, val), this.#t.headOnlyModel(r.bestEpoch));
      ui.summary.textContent = this.#t.summary(r.bestEpoch, r.history.length, r.stoppedEarly, percent(best.validationAccuracy), val.length, percent(best.trainAccuracy), r.split.train.length, formatMs(r.trainMs));
      this.dataset.numTensors = String(r.numTensors);
      this.#setModel({ head: r.best, classNames: set.classNames, validationAccuracy: best.validationAccuracy, trainedAt: new Date().toISOString() });
      this.#workerStage5 = undefined; // the worker's stage is untouched by head training; the model now has none
      await this.#client.request('useStage5', {});
      if (ui.finetune.checked) await this.#fineTune(set, r, abort.signal);
    } catch (err) {
      if (isAbort(err)) this.#note(this.#t.cancelled);
      else this.#fail(this.#t.trainingFailed(errorText(err)));
      this.dataset.state = this.#model ? 'trained' : 'idle';
    } finally {
      ui.train.disabled = false;
      ui.progress.hidden = true;
    }
  }

  async #fineTune(set: TrainingSet, r: TrainResult, signal: AbortSignal): Promise<void> {
    const n = set.labels.length;
    if (n > FINE_TUNE_CAP) return this.#note(this.#t.fineTuneSkipped(n, FINE_TUNE_CAP));
    const headOnly = r.history[r.bestEpoch - 1]!;
    const epochs = Number(this.dataset.finetuneEpochs) || FINE_TUNE_EPOCHS;
    const t = await runFineTune(this.#client, this.#list, set.labels, r.split, r.best, signal, epochs, {
      c4: (d, total) => this.#progress(d, total, this.#t.fineTuneC4(d, total)),
      epoch: (s, sec) => this.#progress(s.epoch, epochs, this.#t.fineTuneEpoch(s.epoch, epochs, formatDuration(sec), percent(s.validationAccuracy))),
    });
    const tuned = t.history.find((s) => s.epoch === t.bestEpoch) ?? headOnly; // epoch 0: the head-only start
    drawCompare(this.#ui.compare, headOnly, tuned, t, this.#loadedBackend ?? this.#t.thisDevice);
    this.#ui.compare.hidden = false;
    const kept = keptConfusion(t, r, set.labels, this.#confusion!.counts, this.#t); // follows the model that was kept
    this.#showConfusion(set.classNames, kept.counts, kept.model);
    this.dataset.numTensors = String(t.numTensors);
    this.#workerStage5 = t.stage5; // the worker runs it already
    this.#setModel({ head: t.head, stage5: t.stage5, classNames: set.classNames, validationAccuracy: tuned.validationAccuracy, trainedAt: new Date().toISOString() });
  }

  #showConfusion(classNames: string[], counts: number[][], model: string): void {
    this.#confusion = { classNames, counts };
    drawConfusion(this.#ui.confusionTable, classNames, counts, model);
    this.#ui.confusion.hidden = false;
  }

  #setModel(m: Trained): void {
    const ui = this.#ui;
    this.#model = m;
    ui.exportButton.disabled = false;
    ui.tryInput.disabled = false;
    ui.tryHint.textContent = this.#t.tryHint(m.classNames);
    this.#counts.trained++;
    this.dataset.trained = String(this.#counts.trained);
    this.dataset.state = 'trained';
  }

  // --- try it, keep it ---------------------------------------------------------------------------------------------

  async #try(file: File): Promise<void> {
    const m = this.#model;
    if (!m) return this.#fail(this.#t.trainFirst);
    const ui = this.#ui;
    this.#clearMessages();
    try {
      const decoded = await decodeImage(file);
      try {
        await this.#ensureModel();
      } catch (err) {
        decoded.bitmap.close();
        throw err;
      }
      if (this.#workerStage5 !== m.stage5) {
        await this.#client.request('useStage5', { stage5: m.stage5 });
        this.#workerStage5 = m.stage5;
      }
      this.#note(this.#t.looking);
      const result = await this.#client.request('classify', { bitmap: decoded.bitmap }, { transfer: [decoded.bitmap] });
      const ranked = rankClasses(m.head, m.classNames, result.c5);
      drawPredictions(ui.predictions, ranked);
      drawSeen(ui.crop, ui.cam, ui.camCaption, result, headCam(m.head, ranked[0]!.index, result.c5), ranked[0]!.label);
      ui.tryResult.hidden = false;
      this.#note('');
      this.#counts.tried++;
      this.dataset.tried = String(this.#counts.tried);
      this.dataset.numTensors = String(result.numTensors);
    } catch (err) {
      this.#fail(err instanceof InputError ? inputErrorMessage(err, photoStrings.here()) : this.#t.couldNotClassify(errorText(err)));
    }
  }

  #export(): void {
    if (this.#model) downloadModel(this.#model);
  }

  async #import(file: File | undefined): Promise<void> {
    if (!file) return;
    this.#clearMessages();
    try {
      const { model, note } = await readModel(file, this.#t);
      this.#setModel(model);
      this.#note(note);
    } catch (err) {
      this.#fail(this.#t.notAModel(file.name, errorText(err)));
    }
  }

  // --- messages ----------------------------------------------------------------------------------------------------

  #clearMessages(): void {
    this.#ui.alert.replaceChildren();
    this.#ui.note.replaceChildren();
  }

  #note(text: string): void {
    this.#ui.note.textContent = text;
  }

  #fail(text: string): void {
    this.#ui.alert.textContent = text;
    this.dataset.state = 'error';
  }
}

if (!customElements.get('transfer-learning')) customElements.define('transfer-learning', TransferLearningElement);
