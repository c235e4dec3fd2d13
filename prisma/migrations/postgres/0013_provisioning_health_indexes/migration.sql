-- DropIndex
DROP INDEX "ProvisioningAttempt_at_idx";

-- CreateIndex
CREATE INDEX "OutboxEvent_createdAt_connectorId_idx" ON "OutboxEvent"("createdAt", "connectorId");

-- CreateIndex
CREATE INDEX "OutboxEvent_status_updatedAt_connectorId_idx" ON "OutboxEvent"("status", "updatedAt", "connectorId");

-- CreateIndex
CREATE INDEX "ProvisioningAttempt_at_connectorId_status_idx" ON "ProvisioningAttempt"("at", "connectorId", "status");

