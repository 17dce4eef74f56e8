/**
 * Request coalescing: callers asking for the same key while a load is in flight share its
 * promise, so a note going viral sends one request upstream per instance, not one per visitor.
 */
export class Coalescer {
  private readonly flights = new Map<string, Promise<unknown>>();

  run<T>(key: string, load: () => Promise<T>): Promise<T> {
    const existing = this.flights.get(key);
    if (existing) return existing as Promise<T>;
    const flight = load().finally(() => {
      // Only remove our own flight: forget() may already have replaced it with a newer one.
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    this.flights.set(key, flight);
    return flight;
  }

  /** Later callers of matching keys start a fresh load (used when the data is known to have changed). */
  forget(matches: (key: string) => boolean): void {
    for (const key of [...this.flights.keys()]) {
      if (matches(key)) this.flights.delete(key);
    }
  }
}
