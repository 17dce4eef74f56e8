export interface FeatureListProps {
  items: Array<{ title: string; body: string }>;
  /** Heading level of each item: h3 under a section heading, h2 directly under the page title. */
  level: 2 | 3;
}

export function FeatureList({ items, level }: FeatureListProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <ul className="feature-list">
      {items.map((item) => (
        <li key={item.title}>
          <Heading>{item.title}</Heading>
          <p>{item.body}</p>
        </li>
      ))}
    </ul>
  );
}
