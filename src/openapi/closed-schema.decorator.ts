import { ApiSchema, type ApiSchemaOptions } from '@nestjs/swagger';

/**
 * The schema of a body the service validates strictly (an unknown key is a 400): `additionalProperties: false`
 * says so to clients and JSON Schema validators. ApiSchema passes schema keywords beyond its typed ones through.
 */
export const ApiClosedSchema = (options: ApiSchemaOptions = {}): ClassDecorator => ApiSchema({ ...options, additionalProperties: false } as ApiSchemaOptions);
