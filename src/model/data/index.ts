/** Datasets and downloads for the browser and Node: verified fetching, file formats, loaders and batching. No tfjs. */
export * from './assets';
export * from './idx';
export * from './fashion-mnist';
export * from './float16';
