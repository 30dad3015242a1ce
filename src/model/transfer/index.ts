// Transfer learning on the pretrained ResNet-50: the split, the new head, fine-tuning conv5_x and the saved file.
export * from './split';
export * from './head';
export * from './head-file';
export * from './finetune';
export * from './features';
export * from './sample';
export * from './sample-flow';
