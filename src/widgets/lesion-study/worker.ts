/**
 * The lesion study's Web Worker: owns TensorFlow.js, its backend and the 2,000 Fashion-MNIST test images, loads one
 * shipped reference net per request and deletes its blocks one at a time (src/model/analysis/lesion.ts), so a
 * 56-layer net's ~30 evaluations never freeze the page.
 */
import { lesionBlocks, lesionError } from '../../model/analysis/lesion';
import { type ImageSet, loadFashionMnistSplit, loadFashionMnistManifest } from '../../model/data/fashion-mnist';
import { loadReferenceNet } from '../../model/data/reference-nets';
import type { BackendReport } from '../../model/runtime/backend';
import type { Model } from '../../model/runtime/model';
import { modelFromWeights } from '../../model/runtime/pretrained';
import { readSavedModel, savedWeights } from '../shared/saved-model';
import { startBackend } from '../shared/worker-backend';
import { cancelled, serve } from '../shared/worker-server';
import type { LesionApi, LesionNet, MeasuredBlock } from './protocol';

let backend: BackendReport | undefined;
let data: ImageSet | undefined;

async function loadNet(net: LesionNet): Promise<{ model: Model; name: string }> {
  if (net.kind === 'reference') return { model: (await loadReferenceNet(net.id, { baseUrl: net.baseUrl })).model, name: net.id };
  const saved = await readSavedModel((self as unknown as { indexedDB?: IDBFactory }).indexedDB);
  if (!saved.saved) throw new Error(`cannot use your network: ${saved.reason}`);
  // The bare id: the element words it ("your res-20") in the page's language.
  return { model: modelFromWeights(saved.model.spec, savedWeights(saved.model)), name: saved.model.net };
}

serve<LesionApi>(
  {
    load: async ({ dataUrl, requestedBackend }) => {
      backend ??= await startBackend(requestedBackend);
      if (!data) {
        data = await loadFashionMnistSplit(await loadFashionMnistManifest({ baseUrl: dataUrl }), 'test', { baseUrl: dataUrl });
      }
      return { backend };
    },

    lesions: async ({ net, limit }, { emit, signal }) => {
      if (!data) throw new Error('the test images are not loaded yet');
      const set = data;
      const { model, name } = await loadNet(net);
      try {
        const deletable = lesionBlocks(model.spec).filter((b) => b.deletable);
        const chosen = limit === null ? deletable : deletable.slice(0, limit);
        const total = (chosen.length + 1) * set.count;
        let before = 0;
        const run = async (lesion: string[]) => {
          const error = await lesionError(model, set, lesion, {
            signal,
            onProgress: (done) => emit({ kind: 'progress', done: before + done, total }),
          }).catch((err: unknown) => {
            throw signal.aborted ? cancelled('the lesion study') : err;
          });
          before += set.count;
          return error;
        };
        const intactError = await run([]);
        emit({ kind: 'intact', error: intactError });
        const blocks: MeasuredBlock[] = [];
        for (const b of chosen) {
          const block = { name: b.name, index: b.index, error: await run([b.name]) };
          blocks.push(block);
          emit({ kind: 'block', block });
        }
        return { net: name, intactError, blocks };
      } finally {
        model.dispose();
      }
    },
  },
  { serial: true },
);
