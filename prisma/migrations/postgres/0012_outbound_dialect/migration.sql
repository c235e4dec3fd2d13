-- AlterTable
ALTER TABLE "Connector" ADD COLUMN     "capabilities" TEXT;

-- AlterTable
ALTER TABLE "RemoteMapping" ADD COLUMN     "lastSent" TEXT;

