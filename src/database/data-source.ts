import { DataSource } from 'typeorm';
import { postgresOptions } from './database-options.js';

// For the TypeORM CLI (`npm run migration:*`); needs DATABASE_URL, the running service's database.
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to the database the migration command should use.');

export default new DataSource(postgresOptions(url));
