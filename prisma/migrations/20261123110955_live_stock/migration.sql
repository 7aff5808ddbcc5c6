-- AlterTable
ALTER TABLE "DecisionItem" ADD COLUMN     "holdLocationId" TEXT;

-- CreateTable
CREATE TABLE "DailySales" (
    "productId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "units" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DailySales_pkey" PRIMARY KEY ("productId","locationId","day")
);

-- CreateTable
CREATE TABLE "StockReservation" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "StockReservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeedLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "SubstitutionDecision" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "locationId" TEXT,
    "items" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubstitutionDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubstitutionOutcome" (
    "seq" BIGSERIAL NOT NULL,
    "decisionId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "accepted" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubstitutionOutcome_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "DailySales_day_idx" ON "DailySales"("day");

-- CreateIndex
CREATE UNIQUE INDEX "StockReservation_reference_key" ON "StockReservation"("reference");

-- CreateIndex
CREATE INDEX "StockReservation_status_expiresAt_idx" ON "StockReservation"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "StockReservation_productId_locationId_idx" ON "StockReservation"("productId", "locationId");

-- CreateIndex
CREATE INDEX "SubstitutionDecision_customerId_createdAt_idx" ON "SubstitutionDecision"("customerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SubstitutionOutcome_decisionId_productId_key" ON "SubstitutionOutcome"("decisionId", "productId");

-- AddForeignKey
ALTER TABLE "SubstitutionOutcome" ADD CONSTRAINT "SubstitutionOutcome_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "SubstitutionDecision"("id") ON DELETE CASCADE ON UPDATE CASCADE;
