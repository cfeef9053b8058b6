import { OpenAPIHono, z } from '@hono/zod-openapi';
import { CHANNELS } from '../cases/petition-schema.ts';
import { STEP_NAMES } from '../cases/workflow.ts';
import { SORTS } from '../store/case-search.ts';
import { findCases, parseSearch } from './case-list.ts';
import { type DocumentDeps, csvResponse, docxResponse } from './reply-print.tsx';
import { approvedDocument, replyDocx } from './reply-document.ts';
import type { AppEnv } from '../http/app-env.ts';
import { toApi } from '../http/casing.ts';
import { ERRORS, PetitionIdParam, PetitionSchema, ok } from '../http/schemas.ts';

// Declared for the API description only: the handlers validate with the search schema (Chinese messages, 400).
const SearchParams = z.object({
  q: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'Full text over title and text (trigram index from 3 characters)', example: '噪音' }),
  case_no: z.string().max(64).optional().openapi({ description: 'A case number or its start', example: 'XF20260302' }),
  who: z.string().max(20).optional().openapi({
    description: "A petitioner's phone or ID number, matched through the keyed identity hash",
    example: '13812345678',
  }),
  status: z.enum(STEP_NAMES as [string, ...string[]]).optional(),
  risk: z.enum(['red', 'yellow', 'green']).optional(),
  colour: z.enum(['red', 'yellow', 'green']).optional().openapi({ description: '三色牌 (supervision colour)' }),
  category: z.string().max(50).optional(),
  department: z.string().max(100).optional(),
  channel: z.enum(CHANNELS).optional(),
  from: z
    .string()
    .optional()
    .openapi({ description: 'Received on or after this local date (yyyy-mm-dd)', example: '2026-03-01' }),
  to: z
    .string()
    .optional()
    .openapi({ description: 'Received on or before this local date (yyyy-mm-dd)', example: '2026-03-31' }),
  overdue: z.enum(['true', 'false']).optional(),
  sort: z.enum(SORTS).optional(),
  limit: z.string().optional().openapi({ description: '1–200, default 20', example: '20' }),
  offset: z.string().optional().openapi({ description: 'default 0', example: '0' }),
});

const ListedSchema = PetitionSchema.extend({ department: z.string().nullable() });

/**
 * Finding any case, the books as CSV and the approved reply as a .docx (issue 19), as API routes. They live with
 * the pages because they serve what the pages build (case-list, reply-document, reply-print): http/ never imports ui/.
 */
export function documentApiRoutes(deps: DocumentDeps) {
  const app = new OpenAPIHono<AppEnv>();

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/search/petitions',
    operationId: 'searchPetitions',
    tags: ['petitions'],
    summary: 'Find any case: full text, case number, petitioner phone or ID (keyed hash), filters, sort and paging',
    request: { query: SearchParams },
    responses: {
      200: ok(
        z.object({ items: z.array(ListedSchema), total: z.number(), limit: z.number(), offset: z.number() }),
        'A page of matching petitions',
      ),
      400: ERRORS[400],
    },
  });
  app.get('/v1/search/petitions', (c) => c.json(toApi(findCases(deps, parseSearch(c.req.query()))), 200));

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/exports/petitions.csv',
    operationId: 'exportPetitionBooks',
    tags: ['petitions'],
    summary:
      'The books (台账) of a filtered list as CSV (UTF-8 with BOM): each step’s time, deadlines, 三色牌; identities masked unless the role may read them; logged',
    request: { query: SearchParams },
    responses: {
      200: { description: 'CSV with a header row', content: { 'text/csv': { schema: z.string() } } },
      400: ERRORS[400],
    },
  });
  app.get('/v1/exports/petitions.csv', (c) => csvResponse(deps, c.var, parseSearch(c.req.query())));

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/petitions/{id}/reply.docx',
    operationId: 'downloadReplyDocx',
    tags: ['drafts'],
    summary: 'The approved reply as an official document (.docx, GB/T 9704 layout); 404 until a version is approved',
    request: { params: PetitionIdParam },
    responses: {
      200: {
        description: 'Office Open XML document',
        content: {
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
            schema: z.string().openapi({ format: 'binary' }),
          },
        },
      },
      404: ERRORS[404],
    },
  });
  app.get('/v1/petitions/:id/reply.docx', async (c) => {
    const doc = approvedDocument(deps, c.req.param('id'), c.var);
    return docxResponse(doc, await replyDocx(doc));
  });
  return app;
}
