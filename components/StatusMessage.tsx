import Link from 'next/link';

export interface StatusMessageProps {
  heading: string;
  message: string;
  homeLabel: string;
}

/** The body of 404/410/500/503 pages: what happened and a way on. */
export function StatusMessage({ heading, message, homeLabel }: StatusMessageProps) {
  return (
    <section className="status-message">
      <h1>{heading}</h1>
      <p>{message}</p>
      <p><Link href="/">{homeLabel}</Link></p>
    </section>
  );
}
