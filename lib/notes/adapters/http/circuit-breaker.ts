export interface BreakerPolicy {
  /** Consecutive failed calls that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before letting one probe through. */
  coolDownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Closed -> (N consecutive failures) -> open -> (cool-down) -> half-open: exactly one probe goes
 * through; its success closes the circuit, its failure opens it for another cool-down. While open
 * (and while the probe is out) calls are refused at once, so a dead note service costs pages
 * microseconds instead of a timeout each, and the service is not hammered while it recovers.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: BreakerState = 'closed';
  private probing = false;

  constructor(
    private readonly policy: BreakerPolicy,
    private readonly now: () => number = Date.now,
    private readonly onChange: (state: BreakerState) => void = () => undefined,
  ) {}

  get state(): BreakerState {
    return this.current;
  }

  /** Whether a call may go out now. A true in half-open hands out the one probe: report its outcome. */
  tryAcquire(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open') {
      if (this.now() - this.openedAt < this.policy.coolDownMs) return false;
      this.transition('half-open');
    }
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  onSuccess(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== 'closed') this.transition('closed');
  }

  onFailure(): void {
    this.failures += 1;
    this.probing = false;
    if (this.current === 'half-open' || this.failures >= this.policy.failureThreshold) {
      this.openedAt = this.now();
      if (this.current !== 'open') this.transition('open');
    }
  }

  private transition(state: BreakerState): void {
    this.current = state;
    this.onChange(state);
  }
}
