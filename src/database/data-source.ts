import { DataSource } from 'typeorm';
import { setChatIdentitySchema, setChatIdentityTablesSynchronized } from '../entities.js';
import { migrationCliOptions } from './database-options.js';

// For the TypeORM CLI (`npm run migration:revert | migration:generate`); needs DATABASE_URL, the running service's database.
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to the database the migration command should use.');
if (process.env.DATABASE_SCHEMA) setChatIdentitySchema(process.env.DATABASE_SCHEMA);
// migration:generate diffs the entities against the database.
setChatIdentityTablesSynchronized(true);

export default new DataSource(migrationCliOptions(url));
