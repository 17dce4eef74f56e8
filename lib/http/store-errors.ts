import type { GetServerSideProps, GetServerSidePropsContext, GetServerSidePropsResult } from 'next';
import type { ParsedUrlQuery } from 'node:querystring';
import { log } from '../log';
import { NoteStoreUnavailableError } from '../notes/note-store';
import { NO_STORE } from './cache-control';

/** Seconds a client should wait before retrying while the note store is down. */
export const RETRY_AFTER_SECONDS = 30;

/**
 * Maps a failing note store to 503 + Retry-After + no-store (never a cached error, never a 200):
 * the page renders `unavailable` props with that status instead of its content.
 */
export function withStoreErrors<P extends Record<string, unknown>, Q extends ParsedUrlQuery = ParsedUrlQuery>(
  handler: GetServerSideProps<P, Q>,
  unavailable: () => P,
): GetServerSideProps<P, Q> {
  return async (context: GetServerSidePropsContext<Q>): Promise<GetServerSidePropsResult<P>> => {
    try {
      return await handler(context);
    } catch (error) {
      if (!(error instanceof NoteStoreUnavailableError)) throw error;
      log.error('note store unavailable', { url: context.resolvedUrl, error });
      context.res.statusCode = 503;
      context.res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      context.res.setHeader('Cache-Control', NO_STORE);
      return { props: unavailable() };
    }
  };
}
