
export interface StatusMessageProps {
  heading: string;
  message: string;
  /** Ways on from here (home, public notes, the note's notebook), most useful first. */
  links: Array<{ href: string; label: string }>;
}

/** The body of 404/410/500/503 pages: what happened and where to go instead. */
export function StatusMessage({ heading, message, links }: StatusMessageProps) {
  return (
    <section className="status-message">
      <h1>{heading}</h1>
      <p>{message}</p>
      <ul className="status-links">
        {links.map((link) => <li key={link.href}><a href={link.href}>{link.label}</a></li>)}
      </ul>
    </section>
  );
}
