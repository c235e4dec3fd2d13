-- DropIndex
DROP INDEX "AuditEvent_at_idx";

-- DropIndex
DROP INDEX "AuditEvent_targetType_targetId_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_at_id_idx" ON "AuditEvent"("at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actor_at_id_idx" ON "AuditEvent"("actor", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_channel_at_id_idx" ON "AuditEvent"("channel", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_id_idx" ON "AuditEvent"("action", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_at_id_idx" ON "AuditEvent"("targetType", "targetId", "at", "id");

