/** Build-time access to the model library for lesson components: a builder by name (numbers print through ./format). */
import {
  analyze,
  cifarResNet,
  IMAGENET_BUILDERS,
  type ImageNetOptions,
  type NetworkReport,
  type NetworkSpec,
} from '../model/index';

export const ARCHITECTURES = {
  ...IMAGENET_BUILDERS,
  resnet20: () => cifarResNet({ depth: 20 }),
  resnet56: () => cifarResNet({ depth: 56 }),
  resnet110: () => cifarResNet({ depth: 110 }),
  // Full pre-activation (He et al. 2016, "Identity Mappings"); 164 is the paper's bottleneck net with projections.
  preresnet56: () => cifarResNet({ depth: 56, preActivation: true }),
  preresnet110: () => cifarResNet({ depth: 110, preActivation: true }),
  preresnet164: () => cifarResNet({ depth: 164, block: 'bottleneck', shortcut: 'B', preActivation: true }),
} satisfies Record<string, (o?: ImageNetOptions) => NetworkSpec>;

export type ArchitectureName = keyof typeof ARCHITECTURES;

export function build(arch: ArchitectureName, options: ImageNetOptions = {}): NetworkSpec {
  const make = ARCHITECTURES[arch] as (o?: ImageNetOptions) => NetworkSpec;
  if (!make) throw new Error(`Unknown architecture "${arch}" (known: ${Object.keys(ARCHITECTURES).join(', ')})`);
  return make(options);
}

export function report(arch: ArchitectureName, options: ImageNetOptions = {}): NetworkReport {
  return analyze(build(arch, options));
}
