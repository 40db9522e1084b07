import { parseTimestamptz } from '../../database/schema/columns.js';
import type { ProjectRole } from '../project-access.js';
import type { Project, TrashedProject } from './project.schemas.js';

/** A projects row joined with the caller's membership, as both drivers return it. */
export interface ProjectDriverRow {
  id: string;
  owner_id: string;
  name: string;
  color: Project['color'];
  is_inbox: boolean;
  position: string;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  role: ProjectRole;
  member_count: number;
}

export const isoFromDriver = (text: string) => parseTimestamptz(text).toISOString();

/** The project as its members see it; `openTaskCount` comes from `ProjectsRepository.openTaskCounts`. */
export function toProject(row: ProjectDriverRow, openTaskCount: number): Project {
  return { ...toTrashedProjectBase(row), openTaskCount };
}

function toTrashedProjectBase(row: ProjectDriverRow): Omit<TrashedProject, 'trashedAt'> {
  return {
    id: row.id,
    name: row.name,
    isInbox: row.is_inbox,
    color: row.color,
    role: row.role,
    memberCount: Number(row.member_count),
    position: row.position,
    createdAt: isoFromDriver(row.created_at),
    updatedAt: isoFromDriver(row.updated_at),
    version: row.version,
  };
}

export function toTrashedProject(row: ProjectDriverRow): TrashedProject {
  return { ...toTrashedProjectBase(row), trashedAt: isoFromDriver(row.deleted_at!) };
}
