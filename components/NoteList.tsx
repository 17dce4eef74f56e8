import type { ListedNote } from '@/lib/notes/get-explore-view';

/**
 * Links to notes. Plain anchors, not next/link: next/link prefixes the UI locale (/en/s/…), while
 * notes live at one locale-free URL.
 */
export function NoteList({ notes }: { notes: ListedNote[] }) {
  return (
    <ul className="note-list">
      {notes.map((note) => (
        <li key={note.href} lang={note.lang}>
          <a href={note.href}>{note.title}</a>
          <span className="note-list-meta">
            {note.notebook ? `${note.notebook} · ` : ''}
            {note.updated ? <time dateTime={note.updated}>{note.updated.slice(0, 10)}</time> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
