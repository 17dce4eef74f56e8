/** Human-readable byte size: 1 decimal below 10 units, binary multiples as file managers show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'text/plain': 'TXT',
  'text/csv': 'CSV',
  'application/zip': 'ZIP',
  'application/msword': 'DOC',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.ms-excel': 'XLS',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
};

/** A short type label for an attachment card: a known name, else the file extension, else the MIME subtype. */
export function fileTypeLabel(mime: string, fileName: string): string {
  const known = TYPE_NAMES[mime];
  if (known) return known;
  const ext = /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1];
  if (ext) return ext.toUpperCase();
  const subtype = mime.split('/')[1] ?? 'file';
  return subtype.replace(/^(x-|vnd\.)/, '').slice(0, 12).toUpperCase();
}
