/** STUDY arguments: an id, or the name of exactly one study. */
import { SdkError, type Client, type StudyHandle } from '../sdk/index.js';
import { CliError, EXIT } from './exit-codes.js';

/** Opens the study `ref` names: by id first, else by a unique name (exit 3 when none, 6 when several). */
export async function resolveStudy(client: Client, ref: string): Promise<StudyHandle> {
  try {
    return await client.getStudy(ref);
  } catch (err) {
    if (!(err instanceof SdkError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_ARGUMENT'))) throw err;
  }
  const named = (await client.listStudies()).filter((s) => s.info.name === ref);
  if (named.length === 1) return named[0]!;
  if (named.length === 0) throw new CliError(`no study with id or name '${ref}'`, EXIT.notFound);
  throw new CliError(`${named.length} studies are named '${ref}' (${named.map((s) => s.id).join(', ')}); give an id`, EXIT.refused);
}
