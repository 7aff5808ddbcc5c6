-- DropIndex
DROP INDEX "Reward_decisionId_position_key";

-- AlterTable (decisions logged before: the default window, a day and never shorter than the reward wait)
ALTER TABLE "Decision" ADD COLUMN     "attributionEndsAt" TIMESTAMP(3);
UPDATE "Decision" SET "attributionEndsAt" = GREATEST("rewardDueAt", "createdAt" + interval '1 day');
ALTER TABLE "Decision" ALTER COLUMN "attributionEndsAt" SET NOT NULL;

-- AlterTable
ALTER TABLE "Outcome" ADD COLUMN     "interactionId" TEXT;

-- AlterTable
ALTER TABLE "Reward" ADD COLUMN     "late" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_interactionId_key" ON "Outcome"("interactionId");

-- CreateIndex
CREATE UNIQUE INDEX "Reward_decisionId_position_late_key" ON "Reward"("decisionId", "position", "late");
