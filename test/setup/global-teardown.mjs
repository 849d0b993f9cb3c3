export default async function globalTeardown() {
  await globalThis.chatIdentityTestDatabase?.dispose();
}
