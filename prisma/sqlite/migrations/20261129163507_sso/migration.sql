-- AlterTable
ALTER TABLE "Member" ADD COLUMN "ssoSubject" TEXT;

-- CreateTable
CREATE TABLE "Domain" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "verificationToken" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "verifiedAt" DATETIME,
    "verifiedDomain" TEXT,
    "lastCheckedAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Domain_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SsoConnection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "protocol" TEXT NOT NULL DEFAULT 'saml',
    "samlEntityId" TEXT,
    "samlSsoUrl" TEXT,
    "samlCert" TEXT,
    "samlMetadataUrl" TEXT,
    "oidcIssuer" TEXT,
    "oidcClientId" TEXT,
    "oidcClientSecret" TEXT,
    "enforce" BOOLEAN NOT NULL DEFAULT false,
    "jit" BOOLEAN NOT NULL DEFAULT false,
    "lastTest" TEXT,
    "lastTestAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SsoConnection_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SsoNonce" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SsoLoginTicket" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "bindingHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Domain_verifiedDomain_key" ON "Domain"("verifiedDomain");

-- CreateIndex
CREATE INDEX "Domain_domain_idx" ON "Domain"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "Domain_workspaceId_domain_key" ON "Domain"("workspaceId", "domain");

-- CreateIndex
CREATE UNIQUE INDEX "SsoConnection_workspaceId_key" ON "SsoConnection"("workspaceId");

-- CreateIndex
CREATE INDEX "SsoNonce_expiresAt_idx" ON "SsoNonce"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "SsoLoginTicket_tokenHash_key" ON "SsoLoginTicket"("tokenHash");

-- CreateIndex
CREATE INDEX "SsoLoginTicket_expiresAt_idx" ON "SsoLoginTicket"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Member_workspaceId_ssoSubject_key" ON "Member"("workspaceId", "ssoSubject");
