// Filled in by the store work: builds one migrated template per engine per run.
export default async function setup(): Promise<void> {}
