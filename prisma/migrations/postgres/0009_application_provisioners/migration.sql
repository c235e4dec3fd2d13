-- Provisioners of applications deleted before this migration (they had no foreign key then) go first
DELETE FROM "OutboundProvisioner" WHERE "serviceProviderId" NOT IN (SELECT "id" FROM "ServiceProvider");

-- AddForeignKey
ALTER TABLE "OutboundProvisioner" ADD CONSTRAINT "OutboundProvisioner_serviceProviderId_fkey" FOREIGN KEY ("serviceProviderId") REFERENCES "ServiceProvider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

