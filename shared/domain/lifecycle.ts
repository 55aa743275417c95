/**
 * A lifecycle as data: a table of actions, each naming the statuses it may start from, the status it leads to, who
 * may take it, the event it emits, and its guards (time windows against named instants of the state, and facts of the
 * state). The rules are then read from the table by everyone who needs them — use cases before acting, storage
 * adapters for their write conditions, the effective status, the portal — instead of being restated in each.
 *
 * Generic so that every lifecycle of the platform (competitions today; contracts, complaints next) is one table
 * given to `defineLifecycle`. Pure: no clock, no I/O, safe for the portal's bundle.
 */
import type { Role } from './roles.js';

/** Who takes an action: a role of the identity provider, or the platform itself (the deadline checker). */
export type Taker = Role | 'system';

/**
 * One row of the table. `E` names the instants of the state a time guard may refer to, `F` the facts of the state
 * an action may require; the lifecycle's definition says how each is read from a state.
 */
export interface Transition<S extends string, E extends string, F extends string, V extends string> {
  /** The stored statuses the action may start from; empty for an action that creates the entity. */
  readonly from: readonly S[];
  /** The status it leads to; absent when the entity stays in its status (an activity inside it). */
  readonly to?: S;
  readonly by: readonly Taker[];
  /** The event it writes (absent when it writes none). */
  readonly emits?: V;
  /** Allowed only once `now` has reached this instant (an absent instant has not been reached). */
  readonly after?: E;
  /** Allowed only while `now` is before this instant (an absent instant is never passed). */
  readonly before?: E;
  /** Facts of the state that must hold. */
  readonly requires?: readonly F[];
  /**
   * The clock takes it: once `after` has come the entity shows the `to` status (its effective status), whoever
   * writes it down later.
   */
  readonly clock?: true;
}

/** Why an action is refused, in the order checked: a required fact, the time window, then the status. */
export type RefusalReason<F extends string> = { readonly kind: 'fact'; readonly fact: F } | { readonly kind: 'early' } | { readonly kind: 'late' } | { readonly kind: 'status' };

export interface Refusal<S extends string, F extends string, St> {
  readonly reason: RefusalReason<F>;
  readonly state: St;
  /** The state's effective status at the moment of the refusal. */
  readonly status: S;
}

export interface LifecycleSpec<S extends string, A extends string, E extends string, F extends string, V extends string, St> {
  /** Every action has a row: a missing one does not compile. */
  readonly table: { readonly [K in A]: Transition<S, E, F, V> };
  /** How each named instant is read from a state (ISO 8601 UTC, or undefined when the state has none yet). */
  readonly instants: { readonly [K in E]: (state: St) => string | undefined };
  readonly facts: { readonly [K in F]: (state: St) => boolean };
}

export interface Lifecycle<S extends string, A extends string, E extends string, F extends string, V extends string, St extends { readonly status: S }>
  extends LifecycleSpec<S, A, E, F, V, St> {
  readonly actions: readonly A[];
  /** Why `action` may not be taken on `state` at `now`, or undefined when it may. */
  refusal(action: A, state: St, now: Date): Refusal<S, F, St> | undefined;
  allows(action: A, state: St, now: Date): boolean;
  /** The status as of `now`: the stored one with the clock's due transitions applied (the latest due wins). */
  effectiveStatus(state: St, now: Date): S;
}

export const defineLifecycle = <S extends string, A extends string, E extends string, F extends string, V extends string, St extends { readonly status: S }>(
  spec: LifecycleSpec<S, A, E, F, V, St>,
): Lifecycle<S, A, E, F, V, St> => {
  const actions = Object.keys(spec.table) as A[];
  const rows = actions.map((a) => spec.table[a]);
  const clockRows = rows.filter((r) => r.clock && r.to !== undefined && r.after !== undefined);

  const effectiveStatus = (state: St, now: Date): S => {
    const iso = now.toISOString();
    let status = state.status;
    let latest = '';
    for (const row of clockRows) {
      const at = spec.instants[row.after!](state);
      if (!row.from.includes(state.status) || at === undefined || iso < at || at < latest) continue;
      if ((row.requires ?? []).some((f) => !spec.facts[f](state))) continue;
      status = row.to!;
      latest = at;
    }
    return status;
  };

  const refusal = (action: A, state: St, now: Date): Refusal<S, F, St> | undefined => {
    const row = spec.table[action];
    const iso = now.toISOString();
    const refuse = (reason: RefusalReason<F>): Refusal<S, F, St> => ({ reason, state, status: effectiveStatus(state, now) });
    const missing = (row.requires ?? []).find((f) => !spec.facts[f](state));
    if (missing !== undefined) return refuse({ kind: 'fact', fact: missing });
    if (row.after !== undefined) {
      const at = spec.instants[row.after](state);
      if (at === undefined || iso < at) return refuse({ kind: 'early' });
    }
    if (row.before !== undefined) {
      const at = spec.instants[row.before](state);
      if (at !== undefined && iso >= at) return refuse({ kind: 'late' });
    }
    if (!row.from.includes(state.status)) return refuse({ kind: 'status' });
    return undefined;
  };

  return {
    ...spec,
    actions,
    refusal,
    allows: (action, state, now) => refusal(action, state, now) === undefined,
    effectiveStatus,
  };
};
