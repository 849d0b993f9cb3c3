import pg from 'pg';

/**
 * Tables a host monolith already had in `public` before mounting chat-identity, named like chat-identity's
 * own, with rows: chat-identity must neither clash with them nor touch them.
 */
const HOST_TABLES_DDL = `
  CREATE TABLE public.integration (id serial PRIMARY KEY, provider text NOT NULL, slug text UNIQUE);
  CREATE TABLE public.end_user (id bigserial PRIMARY KEY, email text NOT NULL, external_id text UNIQUE);
  CREATE TABLE public.audit_event (id bigserial PRIMARY KEY, happened text NOT NULL);
  INSERT INTO public.integration (provider, slug) VALUES ('stripe', 'billing'), ('slack', 'alerts');
  INSERT INTO public.end_user (email, external_id) VALUES ('host-admin@example.com', 'host-user-alice');
  INSERT INTO public.audit_event (happened) VALUES ('host started'), ('host user signed in');
`;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const createHostOwnTables = (url: string): Promise<void> => withClient(url, async (client) => void (await client.query(HOST_TABLES_DDL)));

/** Everything of the host's schema that chat-identity could have changed: its tables, their columns, constraints, indexes and rows. */
export function snapshotPublicSchema(url: string): Promise<Record<string, unknown>> {
  return withClient(url, async (client) => {
    const query = async (sql: string): Promise<unknown[]> => (await client.query(sql)).rows;
    return {
      relations: await query(`SELECT relname, relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY relname`),
      columns: await query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`),
      constraints: await query(`SELECT conname, pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' ORDER BY conname`),
      triggers: await query(`SELECT tgname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT g.tgisinternal`),
      functions: await query(`SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY proname`),
      integration: await query('SELECT * FROM public.integration ORDER BY id'),
      end_user: await query('SELECT * FROM public.end_user ORDER BY id'),
      audit_event: await query('SELECT * FROM public.audit_event ORDER BY id'),
    };
  });
}
