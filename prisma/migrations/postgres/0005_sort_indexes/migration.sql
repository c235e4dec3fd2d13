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


-- The default order (creation, then id in code-point order) as an index PostgreSQL can walk. Written by hand:
-- Prisma's schema cannot express a collation per column.
CREATE INDEX "User_createdAt_id_c_idx" ON "User" ("createdAt", "id" COLLATE "C");
CREATE INDEX "Group_createdAt_id_c_idx" ON "Group" ("createdAt", "id" COLLATE "C");
