/** Build-time access to the model library for lesson components: a builder by name, plus number formatting. */
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

/** 25557032 → "25.56M", 4089184256 → "4.09G": three significant figures at most, as papers print them. */
export function formatCount(n: number, digits = 2): string {
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, unit] of units) if (Math.abs(n) >= size) return `${(n / size).toFixed(digits)}${unit}`;
  return String(n);
}

/** 25557032 → "25,557,032". */
export const formatExact = (n: number) => n.toLocaleString('en-US');

/** [56, 56, 256] → "56×56×256". */
export const formatShape = (s: number[]) => s.join('×');
