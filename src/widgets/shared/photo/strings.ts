/**
 * What the ResNet-50 widgets (classifier, transfer learning) say about a reader's photo, in each language: the
 * messages for each way an input fails and the notes for odd-but-fine images (../messages.ts), the format names in
 * them, and where a class activation map is strongest (../cam.ts `describePosition`). Numbers are formatted the same
 * way in both languages.
 */
import { defineMessages } from '../../../i18n/messages';

export type Third = 'top' | 'middle' | 'bottom';
export type Side = 'left' | 'centre' | 'right';

const TRY = 'Try a JPEG, PNG, WebP or GIF.';
const TRY_ZH = '请换一张 JPEG、PNG、WebP 或 GIF 图片。';

export const strings = defineMessages(
  {
    // Format names in the messages: only the words (the acronyms read the same in every language).
    video: 'video',
    audio: 'audio',
    text: 'text',
    empty: 'empty',
    unknown: 'unknown',
    // problemMessage
    emptyFile: 'This file is empty (0 bytes), so there is no picture to classify. Pick the photo again, or a different one.',
    textFile: `This file holds text, not a picture, whatever its name says. ${TRY}`,
    heic: 'This is a HEIC/HEIF photo (the iPhone’s default format), which most browsers cannot decode. Convert it to JPEG first: on an iPhone, share it as JPEG or set Settings → Camera → Formats → Most Compatible; on a computer, open it and export as JPEG.',
    tiff: 'This is a TIFF or camera RAW file, which browsers cannot decode. Export it as JPEG or PNG first.',
    unsupported: (format: string) => `Browsers cannot decode ${format} files. Export it as JPEG or PNG first.`,
    unknownFormat: `This file is not an image format a browser knows (its first bytes match none). ${TRY}`,
    notAnImage: (format: string, an: boolean) => `This is a${an ? 'n' : ''} ${format} file, not a picture. ${TRY}`,
    truncated: (format: string) =>
      `This ${format} file is cut off: it ends before the picture does (an incomplete download or copy?). Download or export it again.`,
    undecodable: (format: string) =>
      `This looks like a ${format} file, but your browser could not decode it: it is probably damaged. Try re-saving it, or a different photo.`,
    tooManyPixels: (width: string, height: string, megapixels: string) =>
      `This image is ${width} × ${height} pixels (${megapixels}), more than a browser can safely decode. Resize it to a few megapixels first.`,
    fileTooBig: (size: string, limit: string) => `This file is ${size}; files over ${limit} are not read. Resize or re-compress the photo first.`,
    noImageInPaste: 'The clipboard holds no picture. Copy an image (not its file name or a link), then paste again.',
    droppedLink:
      'That was a link or a picture from another web page, which this page is not allowed to read. Save the picture to your device first, then drop or choose the file.',
    sampleFailed: (status: number | null) => `The sample photo could not be loaded${status ? ` (HTTP ${status})` : ''}. Check your connection, or use one of your own.`,
    cameraUnsupported: 'This browser gives no camera access here (it needs a secure https:// page and camera support).',
    cameraDenied: 'Camera access was not allowed. Allow it in the browser’s site settings to take a snapshot, or pick a file instead.',
    cameraNotFound: 'No camera was found on this device.',
    cameraBusy: 'The camera is in use by another application, or could not be started.',
    cameraFailed: (detail: string | undefined) => `The camera could not be started${detail ? ` (${detail})` : ''}.`,
    // noteMessage
    tiny: (width: number, height: number) =>
      `This image is only ${width} × ${height} pixel${width * height === 1 ? '' : 's'}. ResNet-50 sees it stretched to 224 × 224, so it has almost nothing to go on: the answer below means little.`,
    downscaled: (width: number, height: number, megapixels: string, toWidth: number, toHeight: number) =>
      `Your ${width} × ${height} image (${megapixels}) was scaled to ${toWidth} × ${toHeight} while decoding; the network only looks at 224 × 224 anyway.`,
    animated: 'This image is animated; only its first frame is classified.',
    vector: 'This is a vector drawing (SVG); it was drawn as pixels first.',
    // describePosition: "top left", "centre", "middle right", "bottom"
    position: (v: Third, h: Side) => {
      if (v === 'middle' && h === 'centre') return 'centre';
      if (v === 'middle') return `middle ${h}`;
      if (h === 'centre') return v;
      return `${v} ${h}`;
    },
  },
  {
    video: '视频',
    audio: '音频',
    text: '文本',
    empty: '空',
    unknown: '未知',
    emptyFile: '这个文件是空的（0 字节），没有可以分类的图片。请重新选择这张照片，或换一张。',
    textFile: `不管文件名怎么写，这个文件里装的是文本，不是图片。${TRY_ZH}`,
    heic: '这是一张 HEIC/HEIF 照片（iPhone 的默认格式），大多数浏览器无法解码。请先把它转换成 JPEG：在 iPhone 上，以 JPEG 格式分享，或者在“设置 → 相机 → 格式”中选择“兼容性最佳”；在电脑上，打开它并导出为 JPEG。',
    tiff: '这是一个 TIFF 或相机 RAW 文件，浏览器无法解码。请先把它导出为 JPEG 或 PNG。',
    unsupported: (format: string) => `浏览器无法解码 ${format} 文件。请先把它导出为 JPEG 或 PNG。`,
    unknownFormat: `这个文件不是浏览器认识的图像格式（它开头的字节与任何格式都不匹配）。${TRY_ZH}`,
    notAnImage: (format: string, _an: boolean) => `这是一个${/^[A-Za-z]/.test(format) ? ` ${format} ` : format}文件，不是图片。${TRY_ZH}`,
    truncated: (format: string) => `这个 ${format} 文件不完整：图片还没结束，文件就结束了（下载或复制没有完成？）。请重新下载或导出。`,
    undecodable: (format: string) => `这看起来是一个 ${format} 文件，但你的浏览器无法解码它：它多半已经损坏。请试着重新保存它，或换一张照片。`,
    tooManyPixels: (width: string, height: string, megapixels: string) =>
      `这张图像有 ${width} × ${height} 像素（${megapixels}），超出了浏览器能安全解码的范围。请先把它缩小到几百万像素。`,
    fileTooBig: (size: string, limit: string) => `这个文件有 ${size}；超过 ${limit} 的文件不会被读取。请先缩小或重新压缩这张照片。`,
    noImageInPaste: '剪贴板里没有图片。请复制一张图像（而不是它的文件名或链接），然后再粘贴。',
    droppedLink: '这是来自另一个网页的链接或图片，本页无权读取。请先把图片保存到你的设备上，再拖入或选择这个文件。',
    sampleFailed: (status: number | null) => `无法加载示例照片${status ? `（HTTP ${status}）` : ''}。请检查网络连接，或使用你自己的照片。`,
    cameraUnsupported: '此浏览器在这里不提供摄像头（需要安全的 https:// 页面和摄像头支持）。',
    cameraDenied: '摄像头访问未获允许。要拍照，请在浏览器的网站设置中允许访问；或者改为选择一个文件。',
    cameraNotFound: '这台设备上没有找到摄像头。',
    cameraBusy: '摄像头正被另一个应用使用，或者无法启动。',
    cameraFailed: (detail: string | undefined) => `无法启动摄像头${detail ? `（${detail}）` : ''}。`,
    tiny: (width: number, height: number) =>
      `这张图像只有 ${width} × ${height} 像素。ResNet-50 看到的是把它拉伸到 224 × 224 的样子，几乎没有可依据的信息：下面的答案意义不大。`,
    downscaled: (width: number, height: number, megapixels: string, toWidth: number, toHeight: number) =>
      `你的 ${width} × ${height} 图像（${megapixels}）在解码时被缩小到 ${toWidth} × ${toHeight}；反正网络只看 224 × 224。`,
    animated: '这是一张动图；只对它的第一帧分类。',
    vector: '这是一张矢量图（SVG）；先把它绘制成了像素。',
    // 左上方、中央、右侧中部、下方
    position: (v: Third, h: Side) => {
      const row = { top: '上', middle: '中', bottom: '下' }[v];
      if (v === 'middle' && h === 'centre') return '中央';
      if (v === 'middle') return `${h === 'left' ? '左' : '右'}侧中部`;
      if (h === 'centre') return `${row}方`;
      return `${h === 'left' ? '左' : '右'}${row}方`;
    },
  },
);

export type PhotoWords = (typeof strings)['en'];
