import type { Metadata } from 'next';
import { BoardPage } from './board-page';

export const metadata: Metadata = { title: 'Tasks' };

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <BoardPage searchParams={await searchParams} />;
}
