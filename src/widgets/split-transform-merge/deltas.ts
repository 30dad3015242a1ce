/**
 * Where ResNeXt-50 32×4d's parameters and multiply-adds differ from ResNet-50's, block by block and layer by layer,
 * from the model library's own counts (torchvision's layout: the stride of a downsampling block on its 3×3 conv, as
 * Xie et al. §4 do it). Pure: runs at build time and in Node tests.
 */
import { type NetworkReport, analyze } from '../../model/analyze';
import { resnet50, resnext50_32x4d } from '../../model/builders';

export interface LayerDelta {
  /** The layer's name in both nets, e.g. "layer2.0.conv1". */
  name: string;
  /** Its description in each net, e.g. "1×1 conv, 256→128". */
  resnet: string;
  resnext: string;
  params: number;
  macs: number;
}

export interface BlockDelta {
  stage: string;
  /** The paper's name of the stage, e.g. "conv3". */
  paperName: string;
  block: number;
  /** ResNeXt minus ResNet. */
  params: number;
  macs: number;
  /** The conv layers whose counts differ. */
  layers: LayerDelta[];
}

export interface NetDelta {
  params: { resnet: number; resnext: number };
  macs: { resnet: number; resnext: number };
  blocks: BlockDelta[];
}

/** Block-by-block differences between two reports of the same layout (same stages, blocks and layer names). */
function blockDeltas(resnet: NetworkReport, resnext: NetworkReport): NetDelta {
  if (resnet.stages.length !== resnext.stages.length) throw new Error('blockDeltas: the nets have different stages');
  const blocks = resnet.stages.flatMap((s, i) => {
    const t = resnext.stages[i]!;
    if (s.blocks.length !== t.blocks.length) throw new Error(`blockDeltas: ${s.name} has ${s.blocks.length} blocks in one net and ${t.blocks.length} in the other`);
    return s.blocks.map((b, j) => {
      const c = t.blocks[j]!;
      const layers = b.layers
        .map((l) => {
          const m = c.layers.find((x) => x.name === l.name);
          if (!m) throw new Error(`blockDeltas: ${l.name} is missing from the second net`);
          return { name: l.name, resnet: l.description, resnext: m.description, params: m.params - l.params, macs: m.macs - l.macs };
        })
        .filter((l) => l.params !== 0 || l.macs !== 0)
        .filter((l) => !/\.bn\d|\.downsample\.1/.test(l.name));
      return { stage: s.name, paperName: s.paperName, block: j, params: c.params - b.params, macs: c.macs - b.macs, layers };
    });
  });
  return { params: { resnet: resnet.params, resnext: resnext.params }, macs: { resnet: resnet.macs, resnext: resnext.macs }, blocks };
}

/** ResNeXt-50 32×4d against ResNet-50, at 224×224. */
export const resnet50Deltas = (): NetDelta => blockDeltas(analyze(resnet50()), analyze(resnext50_32x4d()));
