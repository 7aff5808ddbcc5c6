-- AlterTable
ALTER TABLE "StockLevel" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "StockReservation" ADD COLUMN     "holder" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "StockReservation_active_holder_product_key" ON "StockReservation"("holder", "productId") WHERE (status = 'ACTIVE');
