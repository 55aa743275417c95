/**
 * МЭКС projects on the public API: listing by region, sector and stage, and one project by id. No AWS here: storage
 * is the `ProjectStore` port.
 */
import type { Page } from '../adapters/pagination.js';
import type { Project, ProjectStage } from '../domain/project.js';
import type { Sector } from '../domain/sectors.js';
import { NotFoundError } from '../errors.js';

/** Which projects to list; every field narrows the list, none lists the whole programme. */
export interface ProjectFilter {
  /** Top-level KATO code. */
  readonly region?: string;
  readonly sector?: Sector;
  readonly stage?: ProjectStage;
}

export interface PageRequest {
  /** Items per page; a page holds exactly this many unless it is the last. */
  readonly limit: number;
  /** The opaque cursor a previous page returned. */
  readonly cursor?: string;
}

export interface ProjectStore {
  get(id: string): Promise<Project | undefined>;
  /** Projects matching every given filter, in index order, a page at a time. */
  list(filter: ProjectFilter, page: PageRequest): Promise<Page<Project>>;
  /** Writes a project with its index attributes (seeding and stage changes). */
  put(project: Project): Promise<void>;
}

/** A project as the public sees it: officials' names are for ministries only. */
export type ProjectView = Omit<Project, 'official'>;

type PublicField = keyof ProjectView;

/** An allow-list rather than a deny-list, so an attribute added to the stored item never leaks by accident. */
const PUBLIC_FIELDS = [
  'id',
  'kato',
  'sector',
  'title',
  'value',
  'approvalDate',
  'plannedPublicationDate',
  'stage',
  'readiness',
  'financing',
  'akimat',
  'competitionId',
  'publishedAt',
] as const satisfies readonly PublicField[];

// Fails to compile when Project gains a field that is neither listed above nor deliberately private.
type UnlistedField = Exclude<PublicField, (typeof PUBLIC_FIELDS)[number]>;
const everyPublicFieldListed: [UnlistedField] extends [never] ? true : UnlistedField = true;
void everyPublicFieldListed;

/** The public view of a project: every field except `official`. */
export const projectView = (project: Project): ProjectView => {
  const view: Record<string, unknown> = {};
  for (const field of PUBLIC_FIELDS) if (project[field] !== undefined) view[field] = project[field];
  return view as unknown as ProjectView;
};

/** A page of projects matching `filter`, in their public view. */
export const listProjects = async (
  store: ProjectStore,
  filter: ProjectFilter,
  page: PageRequest,
): Promise<Page<ProjectView>> => {
  const result = await store.list(filter, page);
  return { items: result.items.map(projectView), ...(result.cursor ? { cursor: result.cursor } : {}) };
};

/** One project in its public view; NotFoundError when no project has this id. */
export const getProject = async (store: ProjectStore, id: string): Promise<ProjectView> => {
  const project = await store.get(id);
  if (!project) throw new NotFoundError(`no project ${id}`);
  return projectView(project);
};
