
export interface HeroProps {
  title: string;
  lead: string;
  primary: { href: string; label: string };
  secondary: { href: string; label: string };
  image: { alt: string; assetPrefix: string };
}

/** Hero image: a phone screenshot of a shared note, at the size it is drawn (no layout shift). */
const HERO = { width: 390, height: 560, base: '/hero/shared-note' };

export function Hero({ title, lead, primary, secondary, image }: HeroProps) {
  const src = (width: number, ext: string): string => `${image.assetPrefix}${HERO.base}-${width}.${ext}`;
  const srcSet = (ext: string): string => `${src(390, ext)} 390w, ${src(480, ext)} 480w, ${src(780, ext)} 780w`;
  const sizes = '(max-width: 44rem) 64vw, 300px';
  return (
    <section className="hero">
      <div className="hero-text">
        <h1>{title}</h1>
        <p className="hero-lead">{lead}</p>
        <p className="hero-actions">
          <a href={primary.href} className="button button-primary">{primary.label}</a>
          <a href={secondary.href} className="button">{secondary.label}</a>
        </p>
      </div>
      <picture className="hero-image">
        <source type="image/avif" srcSet={srcSet('avif')} sizes={sizes} />
        <source type="image/webp" srcSet={srcSet('webp')} sizes={sizes} />
        <img src={src(390, 'png')} width={HERO.width} height={HERO.height} alt={image.alt} fetchPriority="high" decoding="async" />
      </picture>
    </section>
  );
}
