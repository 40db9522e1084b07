'use client';

/** A project the person may pick: just what the picker shows. */
export interface ProjectChoice {
  id: string;
  name: string;
}

interface Props {
  id: string;
  label: string;
  projects: ProjectChoice[];
  /** The picked project's id; '' for all projects. */
  value: string;
  onChange: (projectId: string) => void;
}

/** Settings' choice of one project or all of them (a calendar feed's tasks, a webhook's changes). */
export function ProjectPicker({ id, label, projects, value, onChange }: Props) {
  return (
    <div>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="field w-auto" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All projects</option>
        {projects.map((project) => (
          <option key={project.id} value={project.id}>
            {project.name}
          </option>
        ))}
      </select>
    </div>
  );
}
