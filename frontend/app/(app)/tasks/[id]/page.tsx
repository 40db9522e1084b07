import type { Metadata } from 'next';
import { BoardPage } from '../board-page';

export const metadata: Metadata = { title: 'Task' };

export default async function TaskPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  return <BoardPage searchParams={await searchParams} openId={id} />;
}
