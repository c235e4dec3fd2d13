-- CreateTable
CREATE TABLE "SchemaAttribute" (
    "id" TEXT NOT NULL,
    "schemaId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'string',
    "multiValued" BOOLEAN NOT NULL DEFAULT false,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "caseExact" BOOLEAN NOT NULL DEFAULT false,
    "mutability" TEXT NOT NULL DEFAULT 'readWrite',
    "returned" TEXT NOT NULL DEFAULT 'default',
    "uniqueness" TEXT NOT NULL DEFAULT 'none',
    "description" TEXT NOT NULL DEFAULT '',
    "canonicalValues" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SchemaAttribute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SchemaAttribute_schemaId_name_key" ON "SchemaAttribute"("schemaId", "name");

