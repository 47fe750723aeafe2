// Leader leases per rollout. Each replica takes the rollouts nobody holds (or
// whose holder stopped renewing) with FOR UPDATE SKIP LOCKED, so replicas never
// wait on each other. Taking a lease over bumps lease_epoch: the fencing token
// that every write of the scheduler checks, so a stalled former holder's writes
// are refused once it wakes up.
import type { Fragment, Sql, Tx } from '../database/sql-client';
import { ACTIVE_STATES } from '../rollouts/rollout-records';

export interface Lease {
  rolloutId: string;
  epoch: number;
}

export class RolloutLeases {
  constructor(
    private readonly sql: Sql,
    readonly replica: string,
    private readonly ttlMs: number,
  ) {}

  /**
   * Takes up to `max` free or expired leases and renews those of its own that
   * are past half their time; returns all it holds now. A lease with more than
   * half its time left is not written again, and one whose renewal had to skip
   * its locked row stays held while it is valid: renewing on every tick queued
   * the UPDATE behind every fenced write's FOR SHARE lock, and SKIP LOCKED then
   * dropped the rollout from the tick, so answers arriving meanwhile decided
   * nothing until a later tick (most of a batch boundary's delay).
   */
  async acquire(max: number): Promise<Lease[]> {
    const half = this.ttlMs / 2;
    const held = await this.sql<{ id: string; lease_epoch: number; due: boolean }[]>`
      SELECT id, lease_epoch, lease_until < now() + ${half} * interval '1 millisecond' AS due FROM rollouts
      WHERE state = ANY(${ACTIVE_STATES as string[]}) AND lease_owner = ${this.replica} AND lease_until > now()
      ORDER BY created_at
      LIMIT ${max}`;
    const settled = held.filter((row) => !row.due).map((row) => row.id);
    const room = max - settled.length;
    const taken =
      room <= 0
        ? []
        : await this.sql<{ id: string; lease_epoch: number }[]>`
      UPDATE rollouts r SET
        lease_epoch = CASE WHEN r.lease_owner = ${this.replica} AND r.lease_until > now() THEN r.lease_epoch ELSE r.lease_epoch + 1 END,
        lease_owner = ${this.replica},
        lease_until = now() + ${this.ttlMs} * interval '1 millisecond'
      WHERE r.id IN (
        SELECT id FROM rollouts
        WHERE state = ANY(${ACTIVE_STATES as string[]})
          AND (lease_owner = ${this.replica} OR lease_owner IS NULL OR lease_until < now())
          AND NOT (id = ANY(${settled}::uuid[]))
        ORDER BY created_at
        LIMIT ${room}
        FOR UPDATE SKIP LOCKED)
      RETURNING r.id, r.lease_epoch`;
    const leases = new Map(held.map((row) => [row.id, Number(row.lease_epoch)]));
    for (const row of taken) leases.set(row.id, Number(row.lease_epoch));
    return [...leases].slice(0, max).map(([rolloutId, epoch]) => ({ rolloutId, epoch }));
  }

  /**
   * Locks the rollout row against a take-over for the rest of `tx` and tells
   * whether this replica still holds the lease at `epoch`. A take-over's UPDATE
   * waits for this transaction, so it sees whatever this one writes.
   */
  async holds(tx: Tx, lease: Lease): Promise<boolean> {
    const rows = await this.heldRow(tx, lease);
    return rows.length === 1;
  }

  /**
   * The same check as a query to embed: the rollout row, share-locked, when this replica
   * holds its lease at `epoch`. A fenced write of one statement names it in a CTE.
   */
  heldRow(sql: Sql | Tx, lease: Lease): Fragment {
    return sql`
      SELECT 1 FROM rollouts WHERE id = ${lease.rolloutId} AND lease_owner = ${this.replica} AND lease_epoch = ${lease.epoch} AND lease_until > now()
      FOR SHARE`;
  }

  /** Lets others take these rollouts at once (graceful shutdown). */
  async releaseAll(): Promise<void> {
    await this.sql`UPDATE rollouts SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ${this.replica}`;
  }
}
