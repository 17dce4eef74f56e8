import type { AppPlatform } from '../config';
import { en } from './messages/en';
import { zhCN } from './messages/zh-CN';
import type { Locale } from './locales';

/** Every piece of UI copy, per locale. Pages pick one and pass plain strings to components. */
export interface Messages {
  languageName: string;
  nav: { home: string; features: string; download: string; explore: string; switchLanguage: string; primary: string };
  footer: { tagline: string };
  home: {
    title: string;
    description: string;
    heroTitle: string;
    heroLead: string;
    primaryCta: string;
    secondaryCta: string;
    heroAlt: string;
    highlights: Array<{ title: string; body: string }>;
    stepsTitle: string;
    steps: string[];
    closingTitle: string;
    closingBody: string;
  };
  features: {
    title: string;
    description: string;
    heading: string;
    lead: string;
    sections: Array<{ title: string; items: Array<{ title: string; body: string }> }>;
  };
  download: {
    title: string;
    description: string;
    heading: string;
    lead: string;
    platforms: Record<Platform, { name: string; requirement: string }>;
    get: string;
    notListed: string;
    afterInstall: string;
  };
  explore: { title: string; description: string; heading: string; lead: string; empty: string; notebooks: string; feed: string };
  notebook: {
    notes: (count: number) => string;
    pageOf: (page: number, pageCount: number) => string;
    previous: string;
    next: string;
    pagination: string;
    loadMore: string;
    loading: string;
    loadFailed: string;
    empty: string;
    feed: string;
    /** The page's meta description: what the notebook is and its latest note titles. */
    description: (name: string, count: number, latest: string[]) => string;
  };
  errors: {
    notFound: { title: string; heading: string; message: string };
    noteGone: { title: string; heading: string; message: string };
    notebookGone: { title: string; heading: string; message: string };
    serverError: { title: string; heading: string; message: string };
    unavailable: { title: string; heading: string; message: string };
    home: string;
    explore: string;
    notebook: string;
  };
}

type Platform = AppPlatform;

const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}
