import type { Locale } from './locales';

/** Copy of notebook search (form and result pages), per locale. */
export interface SearchMessages {
  label: string;
  placeholder: string;
  submit: string;
  results: (query: string, total: number, isCapped: boolean) => string;
  none: (query: string) => string;
  pageOf: (page: number, pageCount: number) => string;
  previous: string;
  next: string;
  pagination: string;
  back: string;
  title: (query: string, notebook: string) => string;
}

const zhCN: SearchMessages = {
  label: '在这个笔记本中搜索',
  placeholder: '搜索笔记',
  submit: '搜索',
  results: (query, total, isCapped) => `“${query}”：找到 ${total}${isCapped ? '+' : ''} 条笔记`,
  none: (query) => `没有找到包含“${query}”的笔记。换个词试试？`,
  pageOf: (page, pageCount) => `第 ${page} 页，共 ${pageCount} 页`,
  previous: '上一页',
  next: '下一页',
  pagination: '搜索结果分页',
  back: '返回笔记本',
  title: (query, notebook) => `搜索“${query}” · ${notebook}`,
};

const en: SearchMessages = {
  label: 'Search this notebook',
  placeholder: 'Search notes',
  submit: 'Search',
  results: (query, total, isCapped) => `“${query}”: ${total}${isCapped ? '+' : ''} ${total === 1 ? 'note' : 'notes'} found`,
  none: (query) => `No notes contain “${query}”. Try another word?`,
  pageOf: (page, pageCount) => `Page ${page} of ${pageCount}`,
  previous: 'Previous',
  next: 'Next',
  pagination: 'Search result pages',
  back: 'Back to the notebook',
  title: (query, notebook) => `Search “${query}” · ${notebook}`,
};

export function searchMessagesFor(locale: Locale): SearchMessages {
  return locale === 'en' ? en : zhCN;
}
