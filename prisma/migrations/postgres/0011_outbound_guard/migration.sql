-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "outboundPolicy" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "removal" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "OutboxEvent_connectorId_removal_createdAt_idx" ON "OutboxEvent"("connectorId", "removal", "createdAt");

