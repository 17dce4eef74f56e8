import { createElement, type ReactElement } from 'react';
import type { Steps } from './steps';

/** What an element's children may be: elements, text, nothing, or lists of them (as React takes them). */
export type Child<N> = N | string | number | boolean | null | undefined | readonly Child<N>[];

/**
 * How the renderer (render-enml.tsx) builds its output: React elements (the note page rendered by
 * Next) or HTML written directly (html-markup.ts, the note page rendered outside Next). The
 * renderer makes every decision about the markup; a Markup only writes it.
 */
export interface Markup<N> {
  element: (tag: string, props: Record<string, unknown>, ...children: Array<Child<N>>) => N;
  /**
   * Long text written ahead in pieces, pausing between them, by a markup that escapes text itself;
   * null when text is handed on as it is (React escapes it when it renders).
   */
  textSteps: ((text: string, pieceChars: number) => Steps<N>) | null;
}

export const reactMarkup: Markup<ReactElement> = {
  element: (tag, props, ...children) => createElement(tag, props, ...children),
  textSteps: null,
};
