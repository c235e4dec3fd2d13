-- DropIndex
DROP INDEX "OutboxEvent_status_nextAttemptAt_idx";

-- CreateIndex
CREATE INDEX "OutboxEvent_status_connectorId_nextAttemptAt_seq_idx" ON "OutboxEvent"("status", "connectorId", "nextAttemptAt", "seq");

