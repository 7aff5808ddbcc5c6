// The kill switch at run time. A change is stored (the audit trail, and the mode a replica starts
// in) and announced on the bus in one transaction; every replica also re-reads the latest change
// on its poll, so one that missed the event still switches within a second.
import { enqueueEvent, type Database, type OutboxRelay } from '@retail/db';
import type { PolicyMode } from '@retail/engine';
import { badInput, POLICY_MODE_CHANGED, Topics, type PolicyModeChangedEvent } from '@retail/platform';

export const POLICY_MODES: readonly PolicyMode[] = ['learning', 'exploit', 'best-sellers'];
export const MAX_REASON_LENGTH = 500;

export interface PolicyModeChangeRow {
  id: string;
  mode: string;
  reason: string;
  changedBy: string | null;
  changedAt: Date;
}

export class PolicyModeService {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRelay | null,
  ) {}

  async change(mode: PolicyMode, reason: string, changedBy: string | null, now: Date): Promise<PolicyModeChangeRow> {
    if (!POLICY_MODES.includes(mode)) throw badInput(`mode must be one of ${POLICY_MODES.join(', ')}, got ${JSON.stringify(mode)}`, 'mode');
    const why = reason.trim();
    if (why === '' || why.length > MAX_REASON_LENGTH) throw badInput(`reason must be a non-empty text of at most ${MAX_REASON_LENGTH} characters`, 'reason');
    const row = await this.db.prisma.$transaction(async (tx) => {
      const change = await tx.policyModeChange.create({ data: { mode, reason: why, changedBy, changedAt: now } });
      await enqueueEvent(tx, Topics.modelUpdates, POLICY_MODE_CHANGED, { changeId: change.id, mode } satisfies PolicyModeChangedEvent as never);
      return change;
    });
    this.outbox?.wake();
    return row;
  }

  /** The mode of the latest change, or null when nobody has changed it (the configured mode holds). */
  async current(): Promise<PolicyMode | null> {
    const latest = await this.db.prisma.policyModeChange.findFirst({ orderBy: [{ changedAt: 'desc' }, { id: 'desc' }], select: { mode: true } });
    return latest && POLICY_MODES.includes(latest.mode as PolicyMode) ? (latest.mode as PolicyMode) : null;
  }

  history(first: number): Promise<PolicyModeChangeRow[]> {
    if (!(Number.isInteger(first) && first >= 1 && first <= 100)) throw badInput(`first must be an integer from 1 to 100, got ${first}`, 'first');
    return this.db.prisma.policyModeChange.findMany({ orderBy: [{ changedAt: 'desc' }, { id: 'desc' }], take: first });
  }
}
