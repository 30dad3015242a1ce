import { hasChinese } from './parity';
import type { MessageTable } from './messages';

/**
 * Names, units and codes that read the same in Chinese: a zh-CN string left equal to its English one is fine when
 * nothing but these (and digits, symbols) remains in it.
 */
const SAME_IN_BOTH =
  /\b(ResNeXt|ResNet|VGG|ImageNet|CIFAR|Fashion-MNIST|MNIST|TensorFlow\.js|TensorFlow|tfjs|PyTorch|WebGPU|WebGL|wasm|WebAssembly|CPU|GPU|CSV|PNG|SVG|JSON|JPEG|MDX|URL|ReLU|BN|CAM|SGD|Adam|FLOPs|plain|res|conv\d*|fc|top|img|ms|px|MB|KB|GB|GiB|MiB|dB|log|exp|max|min|std|mean|id|k|x|y|C\d)\b/g;

/** Problems with a translated table: empty strings, and English left untranslated. Functions are not called. */
export function untranslatedStrings(en: MessageTable, zh: MessageTable | undefined): string[] {
  if (!zh) return ['no zh-cn table'];
  const problems: string[] = [];
  for (const key of Object.keys(en)) {
    const a = en[key];
    const b = zh[key];
    if (b === undefined) problems.push(`${key}: missing in zh-cn`);
    else if (typeof a !== typeof b) problems.push(`${key}: ${typeof a} in English, ${typeof b} in zh-cn`);
    else if (typeof b === 'string') {
      if (String(a).trim() !== '' && b.trim() === '') problems.push(`${key}: empty in zh-cn`);
      else if (b === a && !hasChinese(b) && /[A-Za-z]{2,}/.test(b.replace(SAME_IN_BOTH, ''))) {
        problems.push(`${key}: "${b}" is the English string (translate it, or it is a name: add it to SAME_IN_BOTH)`);
      }
    }
  }
  for (const key of Object.keys(zh)) if (!(key in en)) problems.push(`${key}: in zh-cn only`);
  return problems;
}
