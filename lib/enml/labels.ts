/** Fixed strings the renderer adds to note content, per interface language. */
export interface EnmlLabels {
  encrypted: string;
  hint: string;
  todo: string;
  missingMedia: string;
  externalImage: string;
  attachment: string;
}

const ZH: EnmlLabels = {
  encrypted: '加密内容（仅作者可在应用中解密查看）',
  hint: '提示',
  todo: '待办事项',
  missingMedia: '附件缺失',
  externalImage: '外部图片',
  attachment: '附件',
};

const EN: EnmlLabels = {
  encrypted: 'Encrypted content (only the author can decrypt it in the app)',
  hint: 'hint',
  todo: 'To-do item',
  missingMedia: 'Missing attachment',
  externalImage: 'External image',
  attachment: 'Attachment',
};

export function labelsFor(lang: string): EnmlLabels {
  return lang.toLowerCase().startsWith('zh') ? ZH : EN;
}
