/** Datasets for training in the browser and in Node: file formats, verified loaders and batching. No tfjs. */
export * from './idx';
export * from './fashion-mnist';
export * from './float16';
