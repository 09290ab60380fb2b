export {
  createWorkersHandler,
  type WorkersExecutionContext,
  type WorkersHandler,
  type WorkersHandlerOptions,
} from './handler.ts';

import { createWorkersHandler } from './handler.ts';

/** The relay configured entirely by bindings (`TANDEM_SECRET`, `TANDEM_ALLOWED_ORIGINS`, `TANDEM_KNOWLEDGE`, ...). */
export default createWorkersHandler();
