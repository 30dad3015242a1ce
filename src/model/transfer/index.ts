/**
 * Transfer learning on the pretrained ResNet-50: the split, the new head, fine-tuning conv5_x and the saved file.
 *
 *   const { pooled, c4 } = await extractFeatures(net, rgbBatch, { c4: fineTune });   // batches of ≤ 10 images
 *   const split = stratifiedSplit(labels, 0.2, seed);
 *   const head = await trainHead(pooled, labels, split, { features: 2048, classes: k }, { seed, signal, onEpoch });
 *   const tuned = await fineTuneStage5(net, c4, labels, split, head.best, { seed, signal, onEpoch });   // optional
 *   predictHead(head.best, featuresOfNewImage, 1);               // or through Stage5.from(net, tuned.best.stage5)
 *   headCamWeights(head.best, c) + classActivationMap(C5, …)     // CAM for the reader's class (linear head)
 *   encodeTransferModel({ format: TRANSFER_MODEL_FORMAT, version: 1, classNames, head, stage5, … });
 */
export * from './split';
export * from './head';
export * from './head-file';
export * from './finetune';
export * from './features';
export * from './sample';
export * from './sample-flow';
