-- AlterTable
ALTER TABLE "ServiceProvider" ADD COLUMN     "accessTokenSigningAlg" TEXT NOT NULL DEFAULT 'ES256',
ADD COLUMN     "idTokenSignedResponseAlg" TEXT NOT NULL DEFAULT 'RS256';

