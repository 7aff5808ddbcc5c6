// `npm run db:migrate` on a server where the database does not exist yet creates it first, as
// `prisma migrate deploy` does: the README's recipe names a database nobody has made.
import pg from 'pg';

/** Creates the database a postgres:// URL names, unless it exists. Answers whether it created it. */
export async function createDatabaseIfMissing(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(name)) throw new Error(`DATABASE_URL names the database ${JSON.stringify(name)}: use letters, digits, _ or -, at most 63 characters`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '42P04') return false; // created meanwhile by another process
    throw error;
  } finally {
    await client.end();
  }
}
