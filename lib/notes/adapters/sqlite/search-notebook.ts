import type Database from 'better-sqlite3';
import { buildSnippet } from '../../search/snippet';
import { MAX_SEARCH_RESULTS, toMatchExpression } from '../../search/search-terms';
import type { NotebookSearchHit } from '../../types';
import { toSummary, type SummaryRow } from './rows';
import { notebookScope } from './search-index';

export { MAX_SEARCH_RESULTS };

/** Which notes a notebook lists (as NOTEBOOK_PAGE_SQL): indexable ones, plus link-only ones in a link-only notebook. */
const LISTED = `n.notebook_id = @notebookId AND (s.state = 'indexable' OR (@state = 'link-only' AND s.state = 'link-only'))`;

const FROM = `
  FROM note_search f JOIN notes n ON n.rowid = f.rowid
  JOIN shares s ON s.note_id = n.id AND s.state != 'revoked'
  JOIN notebooks b ON b.id = n.notebook_id
  WHERE note_search MATCH @match AND ${LISTED}`;

/** bm25 with a title match weighing ten times a text match (the notebook scope none); ties go to the newer note. */
const HITS_SQL = `
  SELECT s.share_id, n.title, n.updated, n.sort_time, n.lang, b.name AS notebook, f.body
  ${FROM}
  ORDER BY bm25(note_search, 10.0, 1.0, 0.0, 0.0), n.sort_time DESC, s.share_id
  LIMIT @limit OFFSET @offset`;

const COUNT_SQL = `SELECT COUNT(*) AS total FROM (SELECT 1 ${FROM} LIMIT ${MAX_SEARCH_RESULTS})`;

interface Params { notebookId: number; state: string; match: string }

export class NotebookSearch {
  private readonly hits: Database.Statement<[Params & { limit: number; offset: number }], SummaryRow & { body: string }>;
  private readonly count: Database.Statement<[Params], { total: number }>;

  constructor(db: Database.Database) {
    this.hits = db.prepare(HITS_SQL);
    this.count = db.prepare(COUNT_SQL);
  }

  /** A page of hits and the (capped) total; nothing for a query with no searchable word. */
  run(notebookId: number, state: string, query: string, page: number, pageSize: number): { hits: NotebookSearchHit[]; total: number } {
    const words = toMatchExpression(query);
    if (words === null) return { hits: [], total: 0 };
    // The notebook's token and the reader's words, which may only match the title and the text.
    const match = `scope : "${notebookScope(notebookId)}" AND {title_terms body_terms} : (${words})`;
    const params = { notebookId, state, match };
    const total = this.count.get(params)?.total ?? 0;
    const offset = (page - 1) * pageSize;
    if (offset >= total) return { hits: [], total };
    const rows = this.hits.all({ ...params, limit: Math.min(pageSize, total - offset), offset });
    return { hits: rows.map((row) => ({ ...toSummary(row), snippet: buildSnippet(row.body, query) })), total };
  }
}
