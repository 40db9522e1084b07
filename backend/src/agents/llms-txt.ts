/** In the links when PUBLIC_URL is not configured; a shell variable, so the examples still run as written. */
const ORIGIN_PLACEHOLDER = '$TODO_API_URL';

/**
 * GET /llms.txt: a short plain-text guide for agents (https://llmstxt.org): what the service is, how to get a
 * token, the main operations with one example each, and where the full contract lives.
 */
export function llmsTxt(publicUrl: string | undefined): string {
  const origin = publicUrl ?? ORIGIN_PLACEHOLDER;
  const whereOrigin = publicUrl
    ? ''
    : `\n${ORIGIN_PLACEHOLDER} below is the origin (scheme, host and port) you fetched this file from.\n`;
  return `# Todo API

> A task list service for people and their agents: projects, sections and subtasks in a manual order; create,
> list, update, move, complete, trash and restore tasks over a JSON HTTP API (OpenAPI 3.1) or the Model Context Protocol. Every call acts as the user who owns the token.

- Full contract (machine-readable): ${origin}/openapi.json (also ${origin}/openapi.yaml)
- Interactive reference: ${origin}/docs
- MCP endpoint (Streamable HTTP, stateless): ${origin}/mcp
- Errors are application/problem+json (RFC 9457) with \`status\`, \`detail\` and, for validation, \`errors[{path, message}]\`.
${whereOrigin}
## Get a token

Hosted agents (connectors, apps, IDEs) need only the MCP URL ${origin}/mcp: it answers 401 with
\`WWW-Authenticate: Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"\`, which leads to
the OAuth 2.1 authorization server on this origin (${origin}/.well-known/oauth-authorization-server): register
(RFC 7591, or use an https client ID metadata document URL as client_id), send the user to approve on the consent
page (authorization code with PKCE S256, \`resource=${origin}/mcp\`), then use the access token as a bearer token.
The user sees and revokes connected apps in the web app's Settings.

Otherwise, do not ask for the user's password. Ask the user to create a personal access token for you (web app: Settings ->
Tokens, or the API below while signed in) with only the scopes you need: \`tasks:read\` to read, \`tasks:write\` to
change tasks (implies read). It looks like \`todo_pat_...\`, is shown once, and can be revoked at any time.

    curl -X POST ${origin}/api/v1/tokens -H "Authorization: Bearer $ACCESS_TOKEN" \\
      -H 'Content-Type: application/json' -d '{"name":"my agent","scopes":["tasks:read","tasks:write"],"expiresInDays":30}'

Send it on every call: \`Authorization: Bearer todo_pat_...\`. 401 means the token is missing, expired or revoked; 403
means it lacks the scope (or the route is for signed-in users only, like creating tokens).

## Main operations (base ${origin}/api/v1)

- Who am I: \`curl ${origin}/api/v1/users/me -H "Authorization: Bearer $TOKEN"\`
- List tasks (filters: completed, priority, tag, q, dueBefore, dueAfter; sort; limit 1..100; follow nextCursor):
  \`curl "${origin}/api/v1/tasks?completed=false&sort=dueAt&limit=20" -H "Authorization: Bearer $TOKEN"\`
- Create a task (send an Idempotency-Key so retries are safe):
  \`curl -X POST ${origin}/api/v1/tasks -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: $(uuidgen)" -d '{"title":"Renew passport","priority":"high","dueAt":"2026-12-01T09:00:00Z"}'\`
- Create a task from one line, the way a person types it (same parser as the web app's quick add; the words are
  read in \`timeZone\`, UTC without one; a date without a time is due 09:00; repeats: every day/week/month/<weekday>;
  \`+Project\` and \`/Section\` file it into your project and section of that name, else those words stay in the title):
  \`curl -X POST ${origin}/api/v1/tasks/quick -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: $(uuidgen)" -d '{"text":"Pay rent every month #home !high tomorrow 9am","timeZone":"Europe/Berlin"}'\`
- Get a task: \`curl ${origin}/api/v1/tasks/$ID -H "Authorization: Bearer $TOKEN"\`
- Update a task (only the fields you send; If-Match with the version you saw avoids lost updates, 412 if stale):
  \`curl -X PATCH ${origin}/api/v1/tasks/$ID -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H 'If-Match: "3"' -d '{"priority":"low"}'\`
- Complete a task (a recurring one also gets its next occurrence):
  \`curl -X PATCH ${origin}/api/v1/tasks/$ID -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"completed":true}'\`
- Move a task to the trash (restorable for 30 days): \`curl -X DELETE ${origin}/api/v1/tasks/$ID -H "Authorization: Bearer $TOKEN"\`
- List the trash: \`curl ${origin}/api/v1/trash -H "Authorization: Bearer $TOKEN"\`
- Restore from the trash: \`curl -X POST ${origin}/api/v1/trash/$ID/restore -H "Authorization: Bearer $TOKEN"\`
- Projects: every task lives in one; yours include your Inbox (listed first), where tasks without a projectId go:
  \`curl ${origin}/api/v1/projects -H "Authorization: Bearer $TOKEN"\`
- Create a project (colours: red, orange, yellow, green, teal, blue, violet, pink, grey):
  \`curl -X POST ${origin}/api/v1/projects -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"Home","color":"green"}'\`
- Sections of a project (list, create): \`curl ${origin}/api/v1/projects/$PROJECT_ID/sections -H "Authorization: Bearer $TOKEN"\`
  \`curl -X POST ${origin}/api/v1/projects/$PROJECT_ID/sections -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"This week"}'\`
- File a task into a project and section, or as a subtask (parentId; at most 4 levels):
  \`curl -X POST ${origin}/api/v1/tasks -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"title":"Buy paint","projectId":"'$PROJECT_ID'","sectionId":"'$SECTION_ID'"}'\`
- A project's tasks in their manual order, top level only (filters also: sectionId, parentId, assignee=me):
  \`curl "${origin}/api/v1/tasks?projectId=$PROJECT_ID&parentId=none&sort=position" -H "Authorization: Bearer $TOKEN"\`
- Move or reorder a task (its subtasks come along): after/before a sibling, into another section, project or parent:
  \`curl -X POST ${origin}/api/v1/tasks/$ID/move -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"after":"'$OTHER_ID'"}'\`
- Delete a project (its tasks go to the trash with it; the Inbox cannot be deleted) and restore it:
  \`curl -X DELETE ${origin}/api/v1/projects/$PROJECT_ID -H "Authorization: Bearer $TOKEN"\`, then
  \`curl -X POST ${origin}/api/v1/projects/$PROJECT_ID/restore -H "Authorization: Bearer $TOKEN"\`
- Comment on a task (owners and editors; list oldest first with GET; DELETE /api/v1/comments/$COMMENT_ID):
  \`curl -X POST ${origin}/api/v1/tasks/$ID/comments -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"body":"Done by Friday?"}'\`
- What changed in a project, newest first (who, which action, each field's from/to):
  \`curl ${origin}/api/v1/projects/$PROJECT_ID/activity -H "Authorization: Bearer $TOKEN"\`
- Live changes (server-sent events): \`curl -N ${origin}/api/v1/tasks/events -H "Authorization: Bearer $TOKEN"\`
- Calendar feed (a secret iCalendar URL of the open tasks with a due time, for Google/Apple/Outlook; \`projectId\` for
  one project; the URL is shown once; revoke with DELETE /api/v1/feeds/$FEED_ID):
  \`curl -X POST ${origin}/api/v1/feeds -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}'\`
- Export everything the user owns (versioned JSON: projects, sections, tasks with parentId and position, comments):
  \`curl ${origin}/api/v1/export -H "Authorization: Bearer $TOKEN" -o todo-export.json\`
- Import an export or a Todoist template CSV (all or nothing; \`?dryRun=true\` previews the counts; 400 names the bad line):
  \`curl -X POST "${origin}/api/v1/import?name=Trip" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' -H "Idempotency-Key: $(uuidgen)" --data-binary @template.csv\`

## MCP

Tools: whoami, listTasks, findTasks, getTask, search, fetch, createTask, createTasks, quickAddTask, updateTask,
updateTasks, completeTask, completeTasks, moveTask, deleteTask, restoreTask, listProjects, createProject, listSections,
createSection. Each declares readOnlyHint / destructiveHint / idempotentHint and an outputSchema, and answers with
structuredContent. Their input schemas are the API's own: to file a task, find the project with listProjects (and the
section with listSections), then createTask with projectId and sectionId; reorder with moveTask (after/before a
sibling). findTasks takes the filters of GET /api/v1/tasks; createTasks, updateTasks and completeTasks take up to 50
items and write all of them in one transaction or none (each item's result says created/updated/completed/unchanged,
or invalid/failed with its problem, or skipped). search(query) and fetch(id) answer as chat clients' deep research
expects. Results name the next useful step. Hosted agents connect with the URL alone (OAuth, above); with a personal
access token:

    { "mcpServers": { "todo": { "type": "http", "url": "${origin}/mcp",
      "headers": { "Authorization": "Bearer todo_pat_..." } } } }
`;
}
