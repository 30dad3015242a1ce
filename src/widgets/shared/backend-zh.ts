/**
 * The backend report in Chinese: the fixed reasons src/model/runtime/backend.ts gives for choosing or skipping a
 * backend, and the report in the shape of tf-loader.ts `describeBackend`. One table for every widget's zh-CN words;
 * a reason not listed here is quoted as it is.
 */
import type { BackendReport } from '../../model/runtime/backend';

const REASONS_ZH: Record<string, string> = {
  'WebGPU is available and computes correctly': 'WebGPU 可用且计算正确',
  'WebGL is available and computes correctly': 'WebGL 可用且计算正确',
  'WebAssembly runs on the CPU with SIMD': 'WebAssembly 在 CPU 上以 SIMD 运行',
  'plain JavaScript, the slowest but always available': '纯 JavaScript，最慢但总是可用',
  'tfjs could not initialise it': 'tfjs 无法初始化它',
  'this browser has no WebGPU (navigator.gpu is missing)': '此浏览器没有 WebGPU（缺少 navigator.gpu）',
  'WebGPU is present but offered no adapter (disabled or unsupported GPU)': '有 WebGPU，但它没有提供适配器（GPU 被禁用或不受支持）',
  'no canvas here (not a browser)': '这里没有画布（不是浏览器）',
};

export const backendReasonInChinese = (reason: string): string =>
  REASONS_ZH[reason] ??
  reason.replace(
    /^(\w+) here is emulated on the CPU \((.*)\), which is slower than WebAssembly; choose it explicitly to use it anyway$/,
    '这里的 $1 是在 CPU 上模拟的（$2），比 WebAssembly 慢；若仍要使用，请明确选择它',
  );

/** "wasm，2 个线程（webgpu 已跳过：…）": the report as `describeBackend` words it in English. */
export function backendInChinese(report: BackendReport): string {
  const outcome = { skipped: '已跳过', failed: '失败' } as const;
  const others = report.attempts
    .filter((a) => a.outcome === 'skipped' || a.outcome === 'failed')
    .map((a) => `${a.name} ${outcome[a.outcome as 'skipped' | 'failed']}：${backendReasonInChinese(a.reason)}`);
  const threads = report.threads && report.threads > 1 ? `，${report.threads} 个线程` : '';
  return `${report.chosen}${threads}${others.length ? `（${others.join('；')}）` : ''}`;
}
