import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'FieldProblem' })
export class FieldProblemView {
  @ApiProperty({ example: 'settings.apiKey', description: 'Dotted path of the offending field, e.g. `rows[3].uuid`.' })
  field!: string;

  @ApiProperty({ example: 'apiKey must be a UUID' })
  message!: string;
}

/** RFC 9457 problem details, the body of every error answer (`application/problem+json`). */
@ApiSchema({ name: 'ProblemDetails', description: 'RFC 9457 problem details: the body of every error answer.' })
export class ProblemDetailsView {
  @ApiProperty({ example: 'https://chat-identity.dev/problems/not-found' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiProperty({ example: 'No integration "glassix-support".', description: 'What is wrong, in words meant for the developer.' })
  detail!: string;

  @ApiProperty({ example: 'not_found', description: 'What went wrong, for programs: stable across releases and wordings.' })
  code!: string;

  @ApiPropertyOptional({ type: [FieldProblemView], description: 'One entry per bad field.' })
  errors?: FieldProblemView[];

  @ApiProperty({ example: '7f1c7f0e-3c1a-4b7e-9d0a-52b1f5c3e2aa', description: 'The x-request-id of this answer, to find it in the log.' })
  requestId!: string;
}
