import { TcAuthError } from '../core/errors.js';
import { registerSecret } from '../core/secrets.js';

export interface TokenState {
  token: string;
  /** expiry, Unix seconds */
  expires: number;
}

/** Fetches a fresh token for an expiring one; the client supplies it so renewal uses the same transport and proxy. */
export type TokenRenewer = (expiredToken: string) => Promise<TokenState>;

/**
 * Holds the current token and renews it before expiry. Concurrent callers share one renewal, so a burst of
 * requests near expiry causes exactly one call to /appAuth.
 */
export class TokenManager {
  private state: TokenState;
  private pending: Promise<TokenState> | null = null;
  renewals = 0;

  constructor(
    initial: TokenState,
    private readonly renew: TokenRenewer,
    /** renew when fewer than this many seconds remain */
    private readonly windowSeconds = 600,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {
    registerSecret(initial.token);
    // Long-lived API tokens (APIV2 prefix) carry no usable expiry.
    this.state = initial.token.startsWith('APIV2') && !initial.expires ? { ...initial, expires: this.now() + 5 * 365 * 86400 } : initial;
  }

  get current(): TokenState {
    return this.state;
  }

  /** The token to send now, renewing first when inside the window. */
  async get(): Promise<string> {
    if (this.state.expires - this.now() < this.windowSeconds) await this.refresh();
    return this.state.token;
  }

  /** Renews unconditionally (used after a 401); joins a renewal already in flight. */
  refresh(): Promise<TokenState> {
    if (!this.pending) {
      const expired = this.state.token;
      this.pending = this.renew(expired)
        .then((next) => {
          if (!next.token) throw new TcAuthError('token renewal returned no token');
          registerSecret(next.token);
          this.state = next;
          this.renewals += 1;
          return next;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }
}
