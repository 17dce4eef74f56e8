import Link from 'next/link';
import type { HomeNote } from '@/lib/notes/list-home-notes';

export function NoteList({ notes }: { notes: HomeNote[] }) {
  return (
    <ul className="note-list">
      {notes.map((note) => (
        <li key={note.href} lang={note.lang}>
          <Link href={note.href}>{note.title}</Link>
          <span className="note-list-meta">
            {note.notebook ? `${note.notebook} · ` : ''}
            {note.updated ? <time dateTime={note.updated}>{note.updated.slice(0, 10)}</time> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
