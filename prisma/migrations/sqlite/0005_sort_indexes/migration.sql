-- DropIndex
DROP INDEX "User_userNameKey_idx";

-- DropIndex
DROP INDEX "User_createdAt_idx";

-- DropIndex
DROP INDEX "Group_displayNameKey_idx";

-- CreateIndex
CREATE INDEX "User_userNameKey_id_idx" ON "User"("userNameKey", "id");

-- CreateIndex
CREATE INDEX "User_createdAt_id_idx" ON "User"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Group_displayNameKey_id_idx" ON "Group"("displayNameKey", "id");

-- CreateIndex
CREATE INDEX "Group_createdAt_id_idx" ON "Group"("createdAt", "id");

