// Reads a learning log on from where this replica is, one pass at a time. A call made while a pass
// runs shares it and asks for one more pass, so a row committed during a pass is never left waiting
// for the next wake-up.
export class LogFollower {
  private running: Promise<number> | null = null;
  private again = false;

  /** `applyBatch` applies the next rows after the current position and returns how many; fewer than `batchSize` means the end. */
  constructor(
    private readonly applyBatch: () => Promise<number>,
    private readonly batchSize: number,
  ) {}

  /** Applies everything logged so far; resolves with how many rows this pass (and its reruns) applied. */
  catchUp(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          for (;;) {
            const n = await this.applyBatch();
            total += n;
            if (n < this.batchSize) break;
          }
        } while (this.again);
      } finally {
        this.running = null;
      }
      return total;
    })();
    return this.running;
  }
}
