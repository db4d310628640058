-- AlterTable
ALTER TABLE "ProvisioningEvent" ADD COLUMN "requestId" TEXT;
