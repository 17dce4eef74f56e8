export interface NotebookSearchFormText {
  label: string;
  placeholder: string;
  submit: string;
}

/**
 * Search inside a notebook: a plain GET form (`/nb/<id>?q=…`), so it works without JavaScript
 * and every result page has a URL. The query length matches what the store searches.
 */
export function NotebookSearchForm({ action, query, text, maxLength }: { action: string; query: string; text: NotebookSearchFormText; maxLength: number }) {
  return (
    <form className="notebook-search" role="search" method="get" action={action}>
      <label htmlFor="notebook-search-q">{text.label}</label>
      <input id="notebook-search-q" type="search" name="q" defaultValue={query} placeholder={text.placeholder} maxLength={maxLength} required enterKeyHint="search" />
      <button type="submit" className="button">{text.submit}</button>
    </form>
  );
}
