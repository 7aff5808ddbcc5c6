-- AlterTable (decisions logged before this migration are due at once)
ALTER TABLE "Decision" ADD COLUMN     "rewardDueAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "rewardsClosed" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "Decision" ALTER COLUMN "rewardDueAt" DROP DEFAULT;

-- AlterTable
ALTER TABLE "DecisionItem" ADD COLUMN     "discount" DOUBLE PRECISION NOT NULL,
ADD COLUMN     "explorationBonus" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "explored" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "features" DOUBLE PRECISION[],
ADD COLUMN     "price" DOUBLE PRECISION NOT NULL,
ADD COLUMN     "reserved" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "unitCost" DOUBLE PRECISION NOT NULL;

-- AlterTable
ALTER TABLE "Promotion" ADD COLUMN     "reservedAmount" DECIMAL(12,2) NOT NULL DEFAULT 0,
ADD COLUMN     "reservedUnits" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Reward" (
    "seq" BIGSERIAL NOT NULL,
    "decisionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "offerId" TEXT NOT NULL,
    "reward" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reward_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "PolicyModeChange" (
    "id" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "changedBy" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyModeChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Reward_decisionId_position_key" ON "Reward"("decisionId", "position");

-- CreateIndex
CREATE INDEX "PolicyModeChange_changedAt_idx" ON "PolicyModeChange"("changedAt" DESC);

-- CreateIndex
CREATE INDEX "Decision_rewardsClosed_rewardDueAt_idx" ON "Decision"("rewardsClosed", "rewardDueAt");

-- AddForeignKey
ALTER TABLE "Reward" ADD CONSTRAINT "Reward_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;
