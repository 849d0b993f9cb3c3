import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { setChatIdentitySchema } from '../entities.js';
import { postgresOptions } from './database-options.js';
import { runMigrationsExclusively } from './run-migrations.js';

// `npm run migration:run`: what start-up does (own schema, history of older versions carried over), without starting the service.
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to the database the migration command should use.');
if (process.env.DATABASE_SCHEMA) setChatIdentitySchema(process.env.DATABASE_SCHEMA);

const dataSource = await new DataSource(postgresOptions(url)).initialize();
try {
  const applied = await runMigrationsExclusively(dataSource);
  console.log(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'No pending migrations.');
} finally {
  await dataSource.destroy();
}
