import type { XmlValue } from '../../../protocols/xml.ts';
import type { CloudFormationEngine } from '../engine.ts';
import type { QueryInput } from './query-input.ts';

/** What an action answers: the Result element's children, or undefined for actions with no result. */
export type ActionResult = { [name: string]: XmlValue } | undefined;

/** One CloudFormation API action. */
export type ActionHandler = (input: QueryInput, engine: CloudFormationEngine) => Promise<ActionResult> | ActionResult;
